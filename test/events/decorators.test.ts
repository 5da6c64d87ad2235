/**
 * The event decorators of the jobs, recovery point, scan job and access point repositories replace
 * insert and update and delegate everything else to the repository itself: a repository that is a class
 * instance (its methods on the prototype, as PostgreSQL's are) keeps every method, bound to it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventPort } from '../../src/services/common/events.js';
import { withAccessPointEvents } from '../../src/services/access-points/access-point-events.js';
import { withJobEvents } from '../../src/services/jobs/job-events.js';
import { withPointEvents } from '../../src/services/recovery-points/point-events.js';
import { withScanEvents } from '../../src/services/scan/scan-events.js';

/** A repository as a class instance: methods on its prototype, state on the instance. */
class Repository {
  readonly written: unknown[] = [];
  async insert(record: unknown): Promise<void> {
    this.written.push(record);
  }
  async update(records: unknown[]): Promise<void> {
    this.written.push(...records);
  }
  async count(): Promise<number> {
    return this.written.length;
  }
}

const silent: EventPort = { emit: async () => undefined };

describe('event decorators delegate to their repository', () => {
  const decorators = {
    jobs: (r: Repository) => withJobEvents(r as never, silent, async () => undefined, () => 0) as unknown as Repository,
    'recovery points': (r: Repository) => withPointEvents(r as never, silent, () => 0) as unknown as Repository,
    'scan jobs': (r: Repository) => withScanEvents(r as never, silent, () => 0) as unknown as Repository,
    'access points': (r: Repository) => withAccessPointEvents(r as never, silent, async () => undefined, () => 0) as unknown as Repository,
  };
  for (const [name, decorate] of Object.entries(decorators)) {
    it(`keeps the methods it does not replace (${name})`, async () => {
      const repo = new Repository();
      const decorated = decorate(repo);
      assert.equal(typeof decorated.count, 'function');
      assert.equal(await decorated.count(), 0);
      await repo.insert({});
      assert.equal(await decorated.count(), 1, 'read through to the repository, bound to it');
      assert.equal(decorated.written, repo.written);
    });
  }
});
