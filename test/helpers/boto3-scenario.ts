/**
 * A boto3 scenario written as a user would write it: a python script (test/<domain>/e2e/) run
 * against an in-process server, which must exit 0 after printing OK on a line of its own. It
 * imports what scenarios share (holdfast_boto3.py) from test/helpers, put on PYTHONPATH here.
 * Skipped, visibly, when python3 with boto3 is not on PATH. With `pinned` (pinned-boto3.ts), the
 * scenario runs with that boto3 first on PYTHONPATH, or is skipped with its reason.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasBoto3, python, run } from './aws-clients.js';
import type { PinnedBoto3 } from './pinned-boto3.js';
import { startTestServer, type TestServer } from './server.js';
import type { HoldfastOptions } from '../../src/app.js';

const HELPERS = dirname(fileURLToPath(import.meta.url));

/**
 * `pinned`: a pip-installed boto3 to run with (pinned-boto3.ts); `server`: the server's options when the
 * scenario needs more than the defaults (e.g. strict mode).
 */
export function boto3Scenario(suite: string, test: string, script: string, extra: { pinned?: PinnedBoto3; server?: HoldfastOptions } = {}): void {
  const { pinned, server } = extra;
  const skip = pinned ? (pinned.skip ?? false) : hasBoto3 ? false : 'python3 with boto3 is not available';
  const pythonPath = [...(pinned?.path ? [pinned.path] : []), HELPERS].join(':');
  describe(suite, { skip }, () => {
    let t: TestServer;
    before(async () => (t = await startTestServer(server)));
    after(async () => t.close());

    it(test, async () => {
      const r = await run(python!, [script, t.url], { PYTHONPATH: pythonPath });
      const out = r.stdout + r.stderr;
      assert.equal(r.code, 0, out);
      assert.match(r.stdout, /^OK$/m);
    });
  });
}
