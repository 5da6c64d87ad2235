/**
 * The clients people use, for end-to-end tests: the AWS CLI found on PATH, Debian's awscli package
 * (/usr/bin/aws) when installed, and boto3 on python3. A client that is absent is skipped, saying so.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { run, type Run } from './child.js';

export { run, type Run } from './child.js';

function which(command: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Where the command really is (pyenv shims are scripts; ask the CLI itself for its version). */
function awsVersion(bin: string): string | undefined {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? `${r.stdout}${r.stderr}`.trim().split(' ')[0] : undefined;
}

const pathAws = which('aws');
const pathAwsVersion = pathAws ? awsVersion(pathAws) : undefined;
const DEBIAN_AWS = '/usr/bin/aws';
const debianIsPathAws = pathAws !== undefined && existsSync(DEBIAN_AWS) && realpathSync(pathAws) === realpathSync(DEBIAN_AWS);
const debianVersion = existsSync(DEBIAN_AWS) && !debianIsPathAws ? awsVersion(DEBIAN_AWS) : undefined;
export const python = which('python3');
export const hasBoto3 = python !== undefined && spawnSync(python, ['-c', 'import boto3'], { encoding: 'utf8' }).status === 0;

export const awsClients: { label: string; bin: string | undefined; skip: string | false }[] = [
  {
    label: `AWS CLI on PATH (${pathAwsVersion ?? 'absent'})`,
    bin: pathAws,
    skip: pathAwsVersion ? false : 'no working `aws` on PATH: AWS CLI end-to-end tests skipped',
  },
  {
    label: `Debian awscli package, ${DEBIAN_AWS} (${debianVersion ?? 'absent'})`,
    bin: DEBIAN_AWS,
    skip: debianVersion ? false : debianIsPathAws ? `${DEBIAN_AWS} is the aws on PATH, tested above` : `${DEBIAN_AWS} not installed (apt-get install awscli): skipped`,
  },
];

for (const reason of [...awsClients.map((c) => c.skip), hasBoto3 ? false : 'python3 with boto3 not found: boto3 end-to-end tests skipped']) {
  if (reason) console.log(`# e2e: ${reason}`);
}


/**
 * `aws ... backup ARGS` against an endpoint as an account and region (or as a key of its own:
 * `key`, for strict mode); `json` asserts success and parses.
 */
export function awsBackup(bin: string, endpoint: string, accountId: string, region: string, key?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
  const env: Record<string, string> = {
    AWS_ACCESS_KEY_ID: key?.accessKeyId ?? accountId,
    AWS_SECRET_ACCESS_KEY: key?.secretAccessKey ?? 'secret',
    ...(key?.sessionToken ? { AWS_SESSION_TOKEN: key.sessionToken } : {}),
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_PAGER: '',
  };
  const aws = (...args: string[]): Promise<Run> => run(bin, ['--endpoint-url', endpoint, '--output', 'json', 'backup', ...args], env);
  const json = async (...args: string[]): Promise<any> => {
    const r = await aws(...args);
    assert.equal(r.code, 0, `aws backup ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim() ? JSON.parse(r.stdout) : {};
  };
  return { aws, json };
}
