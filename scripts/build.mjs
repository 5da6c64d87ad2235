// Compiles src/ into dist/ (tsc -p tsconfig.build.json) and builds the web console (console/,
// Vite) into dist/console/, and stamps each output when it succeeds.
// With --if-stale (npm start) it builds only the outputs whose sources are newer than their stamp,
// so a start on an up-to-date build costs a few milliseconds of stat calls instead of a compile.
// --check only says whether a build is due (exit 1, naming a newer file) or not (exit 0).
// --console builds the console only (the console's end-to-end tests, with --if-stale).
// Plain JavaScript on purpose: it runs before anything is compiled, and fast.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** What every output depends on, besides the files under its own folder. */
const SHARED = ['package.json', 'package-lock.json'];

/** The two outputs: each with its stamp, its inputs, and how it is built. */
const TARGETS = {
  server: {
    stamp: join(root, 'dist', '.build-stamp'),
    output: join(root, 'dist', 'cli', 'bin.js'),
    files: ['tsconfig.json', 'tsconfig.build.json', ...SHARED],
    dirs: ['src'],
    command: [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')],
  },
  console: {
    // Beside dist/console/, not in it: Vite empties that folder, and the package ships it whole.
    stamp: join(root, 'dist', '.console-build-stamp'),
    output: join(root, 'dist', 'console', 'index.html'),
    files: SHARED,
    // The console imports a few pure modules of the server (the clock's duration parser).
    dirs: ['console', join('src', 'clock')],
    // Built beside dist/console/ and swapped in whole (swap below): a server serving the old
    // files meanwhile (a test, npm pack's prepare during the tests) never sees a half-built folder.
    // Two builds at once (two test files finding it stale) each use their own folders.
    command: [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', join(root, 'console'), '--outDir', join(root, 'dist', `.console-next-${process.pid}`), '--emptyOutDir'],
    swap: { next: join(root, 'dist', `.console-next-${process.pid}`), live: join(root, 'dist', 'console'), old: join(root, 'dist', `.console-old-${process.pid}`) },
  },
};

/** The first file under `dir` modified after `since`, if any. */
function newerUnder(dir, since) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    const newer = e.isDirectory() ? newerUnder(path, since) : statSync(path).mtimeMs > since ? path : undefined;
    if (newer) return newer;
  }
  return undefined;
}

/** Why a build of `target` is due (a missing build, or an input newer than it), or undefined. */
function staleness(target) {
  if (!existsSync(target.stamp) || !existsSync(target.output)) return `${relative(root, target.output)} is not built`;
  const built = statSync(target.stamp).mtimeMs;
  const newer =
    target.files.map((f) => join(root, f)).find((f) => existsSync(f) && statSync(f).mtimeMs > built) ??
    target.dirs.map((d) => newerUnder(join(root, d), built)).find((f) => f !== undefined);
  return newer && `${relative(root, newer)} is newer than the last build`;
}

function build(target) {
  // The stamp takes the time the build started: a file saved while it runs is stale next time.
  const started = new Date();
  const run = spawnSync(process.execPath, target.command, { stdio: 'inherit', cwd: root });
  if (run.status !== 0) process.exit(run.status ?? 1);
  if (target.swap) {
    const { next, live, old } = target.swap;
    rmSync(old, { recursive: true, force: true });
    if (existsSync(live)) renameSync(live, old);
    try {
      renameSync(next, live);
    } catch {
      // Another build swapped its own in meanwhile: the same sources, so keep that one.
      rmSync(next, { recursive: true, force: true });
    }
    rmSync(old, { recursive: true, force: true });
  }
  writeFileSync(target.stamp, `${started.toISOString()}\n`);
  utimesSync(target.stamp, started, started);
}

const args = process.argv.slice(2);
const targets = args.includes('--console') ? [TARGETS.console] : [TARGETS.server, TARGETS.console];
if (args.includes('--check')) {
  const why = targets.map(staleness).filter((w) => w !== undefined);
  console.log(why.length ? why.join('; ') : 'dist/ is up to date');
  process.exit(why.length ? 1 : 0);
}
for (const target of targets) {
  if (args.includes('--if-stale') && !staleness(target)) continue;
  build(target);
}
