/** The audit source store's keyset batches over finished jobs: every job once, in order, whatever the batch size and ties. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FinishedPosition } from '../../src/store/repos/audit-source-store.js';
import type { JobColumns } from '../../src/store/repos/jobs-store.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const A = '100000000002';

describe('audit source: finished jobs in keyset batches', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  it('pages through runs of equal completion times that straddle batches, from the period start on', async () => {
    const jobs = t.hf.store.jobs;
    const now = t.hf.clock.nowMs();
    await t.hf.store.atomically(async () => {
      for (let i = 0; i < 50; i++) {
        // Three jobs share each completion instant; the first six finished before the period.
        await jobs.insert({
          kind: 'backup', id: `J-${i}`, accountId: A, region: 'eu-west-1', state: 'COMPLETED', resourceArn: `arn:aws:ec2:eu-west-1:${A}:volume/vol-${i}`,
          resourceType: 'EBS', creationDate: now - 7_200_000, completionDate: now - 3_600_000 + (Math.floor(i / 3) - 2) * 1000,
        } satisfies JobColumns);
      }
    });
    const source = t.hf.store.auditSource;
    for (const limit of [1, 2, 3, 4, 7, 44, 50]) {
      const seen: string[] = [];
      let position: FinishedPosition | undefined;
      for (let pages = 0; pages <= 50; pages++) {
        const { jobs: batch, last } = await source.finishedJobs<JobColumns>('backup', A, 'eu-west-1', now - 3_600_000, now, position, limit);
        seen.push(...batch.map((j) => j.id));
        if (batch.length < limit) break;
        position = last;
      }
      assert.deepEqual(seen, Array.from({ length: 44 }, (_, i) => `J-${i + 6}`), `batches of ${limit}`);
    }
  });
});
