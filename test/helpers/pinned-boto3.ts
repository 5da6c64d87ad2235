/**
 * A pinned boto3 for end-to-end tests of operations that python3's own boto3 may lack (the backup
 * access points arrived in botocore after the 1.43.11 this machine's python3 carries): pip installs
 * it once with `--target` into a folder under the OS temp directory, which later runs reuse. The
 * folder goes first on PYTHONPATH. Where python3, pip or the package index is missing, the answer
 * is a reason to skip, said out loud.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { python } from './aws-clients.js';

export type PinnedBoto3 = { path: string; skip?: undefined } | { skip: string; path?: undefined };

const made = new Map<string, PinnedBoto3>();

/** boto3 `version` (with the botocore it requires) in a folder for PYTHONPATH, or why not. */
export function pinnedBoto3(version: string): PinnedBoto3 {
  let found = made.get(version);
  if (!found) {
    found = install(version);
    made.set(version, found);
    if (found.skip) console.log(`# e2e: ${found.skip}`);
  }
  return found;
}

function install(version: string): PinnedBoto3 {
  if (!python) return { skip: 'python3 is not on PATH: boto3 end-to-end tests skipped' };
  const dir = join(tmpdir(), `holdfast-boto3-${version}`);
  if (existsSync(join(dir, `boto3-${version}.dist-info`))) return { path: dir };
  // Into a fresh folder first, then renamed: two test processes may install at once.
  const staging = mkdtempSync(join(tmpdir(), `holdfast-boto3-${version}-`));
  const r = spawnSync(
    python,
    // --retries 0: a machine without the internet fails over to its configured local index at once.
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-conflicts', '--retries', '0', '--target', staging, `boto3==${version}`],
    { encoding: 'utf8', timeout: 300_000 },
  );
  if (r.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    const why = `${r.stderr ?? ''}${r.error?.message ?? ''}`.trim().split('\n').slice(-2).join(' ');
    return { skip: `pip could not install boto3==${version} (${why}): its end-to-end tests skipped` };
  }
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process got there first
  }
  return existsSync(join(dir, `boto3-${version}.dist-info`)) ? { path: dir } : { skip: `boto3==${version} did not land in ${dir}` };
}
