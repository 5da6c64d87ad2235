/**
 * One server per data folder. The lock is the SQLite file's exclusive lock, taken without waiting
 * when the database opens: the kernel grants it to one process atomically and drops it when that
 * process ends, however it ends (kill -9 included), so a dead server never blocks a restart. The
 * pid file `<data-dir>/holdfast.pid` only says who holds the lock, for the refusal's message; a
 * stale one (left by kill -9) is overwritten by the next server that gets the lock.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from './sqlite.js';

export const PID_FILE = 'holdfast.pid';

/** Another process holds the data folder (the message names the folder and the holder). */
export class DataDirInUseError extends Error {}

/** The pid recorded in the folder, if that process is still running. */
function livePid(dir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dir, PID_FILE), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    // EPERM: it runs, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

/**
 * Takes the exclusive lock of `db` (opened in exclusive locking mode, so the lock is kept until
 * it closes) and records this process's pid, or closes `db` and throws DataDirInUseError.
 */
export function lockDataDir(db: Db, dir: string): void {
  try {
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
    const folder = resolve(dir);
    const pid = livePid(dir);
    const holder = pid === undefined ? `another process (no running pid in ${join(folder, PID_FILE)})` : `another Holdfast server (pid ${pid})`;
    throw new DataDirInUseError(
      `the data folder ${folder} is in use by ${holder}. One server uses a data folder at a time: stop that one, or give this server another --data-dir.`,
    );
  }
  writeFileSync(join(dir, PID_FILE), `${process.pid}\n`);
}

/** Removes the pid file (the lock itself goes when the database closes). */
export function unlockDataDir(dir: string): void {
  rmSync(join(dir, PID_FILE), { force: true });
}
