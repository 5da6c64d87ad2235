/**
 * `node --import tsx scripts/with-postgres.ts CMD [ARGS...]`: runs the command with one throwaway
 * cluster of Debian's PostgreSQL for all of it (HOLDFAST_TEST_DATABASE_URL), removed afterwards
 * whatever the outcome, so that test files that need a PostgreSQL (the contract tests,
 * test/store/pg-*) share it instead of each starting one (test/helpers/postgres.ts testPostgres).
 * Without PostgreSQL installed, or with HOLDFAST_TEST_DATABASE_URL already set, it runs the
 * command as it is (those files then skip, or use that server).
 */
import { spawn } from 'node:child_process';
import { postgresAvailable, startPostgresCluster } from '../test/helpers/postgres.js';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-postgres.ts CMD [ARGS...]');
  process.exit(2);
}
const cluster = postgresAvailable() && !process.env.HOLDFAST_TEST_DATABASE_URL ? await startPostgresCluster() : undefined;
const code = await new Promise<number>((resolve) => {
  const child = spawn(command, args, {
    stdio: 'inherit',
    env: { ...process.env, ...(cluster ? { HOLDFAST_TEST_DATABASE_URL: cluster.url } : {}) },
  });
  child.on('close', (c) => resolve(c ?? 1));
});
cluster?.stop();
process.exit(code);
