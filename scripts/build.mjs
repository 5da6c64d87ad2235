// Compiles src/ into dist/ (tsc -p tsconfig.build.json) and stamps dist/ when it succeeds.
// With --if-stale (npm start) it compiles only when a source is newer than the stamp, so a start
// on an up-to-date build costs a few milliseconds of stat calls instead of a 5-second compile.
// Plain JavaScript on purpose: it runs before anything is compiled, and fast.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');
/** What the compiled output depends on, besides every file under src/. */
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

function newestUnder(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!existsSync(stamp) || !existsSync(join(root, 'dist', 'cli', 'bin.js'))) return true;
  const built = statSync(stamp).mtimeMs;
  const inputs = INPUTS.map((f) => join(root, f)).filter((f) => existsSync(f));
  return Math.max(newestUnder(join(root, 'src')), ...inputs.map((f) => statSync(f).mtimeMs)) > built;
}

if (process.argv.includes('--if-stale') && !isStale()) process.exit(0);
// The stamp takes the time the compile started: a file saved while tsc runs is stale next time.
const started = new Date();
const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
