/**
 * A boto3 scenario written as a user would write it: a python script (test/<domain>/e2e/) run
 * against an in-process server, which must exit 0 after printing OK on a line of its own. It
 * imports what scenarios share (holdfast_boto3.py) from test/helpers, put on PYTHONPATH here.
 * Skipped, visibly, when python3 with boto3 is not on PATH.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasBoto3, python, run } from './aws-clients.js';
import { startTestServer, type TestServer } from './server.js';
import type { HoldfastOptions } from '../../src/app.js';

const HELPERS = dirname(fileURLToPath(import.meta.url));

/** `options`: the server's, when the scenario needs more than the defaults (e.g. strict mode). */
export function boto3Scenario(suite: string, test: string, script: string, options?: HoldfastOptions): void {
  describe(suite, { skip: hasBoto3 ? false : 'python3 with boto3 is not available' }, () => {
    let t: TestServer;
    before(async () => (t = await startTestServer(options)));
    after(async () => t.close());

    it(test, async () => {
      const r = await run(python!, [script, t.url], { PYTHONPATH: HELPERS });
      const out = r.stdout + r.stderr;
      assert.equal(r.code, 0, out);
      assert.match(r.stdout, /^OK$/m);
    });
  });
}
