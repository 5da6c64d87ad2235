/**
 * A boto3 scenario written as a user would write it: a python script (test/<domain>/e2e/) run
 * against an in-process server, which must exit 0 after printing OK on a line of its own.
 * Skipped, visibly, when python3 with boto3 is not on PATH.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hasBoto3, python, run } from './aws-clients.js';
import { startTestServer, type TestServer } from './server.js';

export function boto3Scenario(suite: string, test: string, script: string): void {
  describe(suite, { skip: hasBoto3 ? false : 'python3 with boto3 is not available' }, () => {
    let t: TestServer;
    before(async () => (t = await startTestServer()));
    after(async () => t.close());

    it(test, async () => {
      const r = await run(python!, [script, t.url], {});
      const out = r.stdout + r.stderr;
      assert.equal(r.code, 0, out);
      assert.match(r.stdout, /^OK$/m);
    });
  });
}
