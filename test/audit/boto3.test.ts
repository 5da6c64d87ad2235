/** boto3 end to end for audit reports (skipped, visibly, when python3 with boto3 is not on PATH). */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

const probe = spawnSync('python3', ['-c', 'import boto3'], { encoding: 'utf8' });
const skip = probe.status !== 0 ? 'python3 with boto3 is not available' : false;

describe('boto3 end to end: organization-wide job report and compliance report', { skip }, () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());

  it('reports the jobs of three accounts in two Regions, and compliance changing after a fix', async () => {
    const proc = spawn('python3', ['test/audit/e2e/boto3_audit.py', t.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    assert.equal(code, 0, out);
    assert.match(out, /^OK$/m);
  });
});
