/**
 * `npm run test:postgres [-- FILES...]`: the unit suite (or the given test files) with every
 * in-process test server on PostgreSQL (HOLDFAST_TEST_BACKEND=postgres). One throwaway cluster of
 * Debian's PostgreSQL is started for the run (HOLDFAST_TEST_DATABASE_URL; each server gets a
 * fresh database of it) and removed afterwards, whatever the outcome.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { postgresAvailable, startPostgresCluster } from '../test/helpers/postgres.js';

function testFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? testFiles(path) : name.endsWith('.test.ts') ? [path] : [];
    })
    .sort();
}

if (!postgresAvailable()) {
  console.error('test:postgres: PostgreSQL 15 is not installed (apt-get install postgresql); nothing ran');
  process.exit(1);
}
const files = process.argv.slice(2);
const cluster = await startPostgresCluster();
const code = await new Promise<number>((resolve) => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...(files.length ? files : testFiles('test'))], {
    stdio: 'inherit',
    env: { ...process.env, HOLDFAST_TEST_BACKEND: 'postgres', HOLDFAST_TEST_DATABASE_URL: cluster.url },
  });
  child.on('close', (c) => resolve(c ?? 1));
});
cluster.stop();
process.exit(code);
