/** The bench's load generator and scenarios work against a real server (a short smoke run). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runLoad } from '../../bench/load.js';
import { scenarios } from '../../bench/scenarios/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('bench smoke run', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());

  it('runs every scenario with no unexpected status', async () => {
    const call = async (req: { method: string; path: string; body?: string }): Promise<{ status: number; body: string }> => {
      const res = await fetch(t.url + req.path, {
        method: req.method,
        body: req.body,
        headers: { authorization: 'AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/backup/aws4_request, SignedHeaders=host, Signature=0' },
      });
      return { status: res.status, body: await res.text() };
    };
    assert.ok(scenarios.length >= 4);
    assert.equal(new Set(scenarios.map((s) => s.name)).size, scenarios.length, 'scenario names are unique');
    for (const scenario of scenarios) {
      await scenario.setup?.(call);
      const result = await runLoad({ url: t.url, scenario: scenario.name, connections: 2, durationMs: 150, warmupMs: 0 });
      assert.ok(result.requests > 0, scenario.name);
      assert.equal(result.errors, 0, `${scenario.name}: ${result.firstError}`);
      assert.ok(result.p99Ms >= result.p50Ms);
    }
  });
});
