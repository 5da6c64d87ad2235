// Compiles src/ into dist/ (tsc -p tsconfig.build.json) and stamps dist/ when it succeeds.
// With --if-stale (npm start) it compiles only when a source is newer than the stamp, so a start
// on an up-to-date build costs a few milliseconds of stat calls instead of a 5-second compile.
// --check only says whether a compile is due (exit 1, naming a newer file) or not (exit 0).
// Plain JavaScript on purpose: it runs before anything is compiled, and fast.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');
/** What the compiled output depends on, besides every file under src/. */
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

/** The first file under `dir` modified after `since`, if any. */
function newerUnder(dir, since) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    const newer = e.isDirectory() ? newerUnder(path, since) : statSync(path).mtimeMs > since ? path : undefined;
    if (newer) return newer;
  }
  return undefined;
}

/** Why a compile is due (a missing build, or an input newer than it), or undefined. */
function staleness() {
  if (!existsSync(stamp) || !existsSync(join(root, 'dist', 'cli', 'bin.js'))) return 'dist/ has no complete build';
  const built = statSync(stamp).mtimeMs;
  const newer = INPUTS.map((f) => join(root, f)).find((f) => existsSync(f) && statSync(f).mtimeMs > built) ?? newerUnder(join(root, 'src'), built);
  return newer && `${relative(root, newer)} is newer than the last build`;
}

const args = process.argv.slice(2);
if (args.includes('--check') || args.includes('--if-stale')) {
  const why = staleness();
  if (args.includes('--check')) {
    console.log(why ?? 'dist/ is up to date');
    process.exit(why ? 1 : 0);
  }
  if (!why) process.exit(0);
}
// The stamp takes the time the compile started: a file saved while tsc runs is stale next time.
const started = new Date();
const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
