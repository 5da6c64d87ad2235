/** boto3 end to end for backup plans (skipped, visibly, when python3 with boto3 is not on PATH). */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

const probe = spawnSync('python3', ['-c', 'import boto3'], { encoding: 'utf8' });
const skip = probe.status !== 0 ? 'python3 with boto3 is not available' : false;

describe('boto3 end to end: backup plans', { skip }, () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());

  it('a daily plan with a lifecycle and a cross-region copy, over 40 days', async () => {
    const proc = spawn('python3', ['test/plans/e2e/boto3_plans.py', t.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    assert.equal(code, 0, out);
    assert.match(out, /OK/);
  });
});
