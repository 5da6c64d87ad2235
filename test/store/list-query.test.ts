/** The shared list query of the indexed tables: conditions from a column table, index choice, keyset pages both ways. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { whereOf, type FilterColumn } from '../../src/store/list-query.js';
import { indexedBy, KeysetList } from '../../src/store/sqlite/list-query.js';
import { StatementCache } from '../../src/store/sqlite/sqlite.js';

interface Filter {
  region: string;
  state?: string;
  names?: string[];
  after?: number;
}

const COLUMNS: FilterColumn<Filter>[] = [
  ['region', 'region = ?'],
  ['state', 'state = ?'],
  ['names', 'name IN (?)'],
  ['after', 'created > ?'],
];

describe('list-query', () => {
  it('writes the given members in table order, arrays as IN lists, an empty array as IN (NULL)', () => {
    assert.deepEqual(whereOf<Filter>({ region: 'r', after: 5, state: 'A' }, COLUMNS), {
      where: 'region = ? AND state = ? AND created > ?',
      params: ['r', 'A', 5],
    });
    assert.deepEqual(whereOf<Filter>({ region: 'r', names: ['a', 'b'] }, COLUMNS), { where: 'region = ? AND name IN (?, ?)', params: ['r', 'a', 'b'] });
    assert.deepEqual(whereOf<Filter>({ region: 'r', names: [] }, COLUMNS), { where: 'region = ? AND name IN (NULL)', params: ['r'] });
  });

  it("binds an array as one parameter of `= ANY(?)` for PostgreSQL (an empty one matches nothing there too)", () => {
    assert.deepEqual(whereOf<Filter>({ region: 'r', names: ['a', 'b'], after: 5 }, COLUMNS, 'any'), {
      where: 'region = ? AND name = ANY(?) AND created > ?',
      params: ['r', ['a', 'b'], 5],
    });
    assert.deepEqual(whereOf<Filter>({ region: 'r', names: [] }, COLUMNS, 'any'), { where: 'region = ? AND name = ANY(?)', params: ['r', []] });
  });

  it('picks the index of the first given member in priority order, else the fallback', () => {
    const priority = [['names', 't_name'], ['state', 't_state']] as const;
    assert.equal(indexedBy<Filter>({ region: 'r', state: 'A', names: ['x'] }, priority, 't_order'), 'INDEXED BY t_name');
    assert.equal(indexedBy<Filter>({ region: 'r', state: 'A' }, priority, 't_order'), 'INDEXED BY t_state');
    assert.equal(indexedBy<Filter>({ region: 'r' }, priority, 't_order'), 'INDEXED BY t_order');
  });

  describe('KeysetList', () => {
    const db = new Database(':memory:');
    after(() => db.close());
    db.exec('CREATE TABLE t (seq INTEGER PRIMARY KEY, region TEXT, state TEXT, name TEXT, created INTEGER, data TEXT)');
    db.exec('CREATE INDEX t_state ON t (region, state, seq)');
    const insert = db.prepare('INSERT INTO t (region, state, name, created, data) VALUES (?, ?, ?, ?, ?)');
    for (let i = 1; i <= 6; i++) insert.run(i % 3 === 0 ? 'other' : 'r', i % 2 ? 'A' : 'B', `n${i}`, i * 10, JSON.stringify({ i }));
    const stmts = new StatementCache(db);
    const seqs = (rows: { seq: number }[]): number[] => rows.map((r) => r.seq);

    it('pages oldest first after the cursor, with the index the filter asks for', () => {
      const list = new KeysetList<Filter>(stmts, { table: 't', columns: COLUMNS, index: (f) => (f.state ? 'INDEXED BY t_state' : '') });
      assert.deepEqual(seqs(list.page({ region: 'r' }, 0, 10)), [1, 2, 4, 5]);
      assert.deepEqual(seqs(list.page({ region: 'r' }, 2, 1)), [4]);
      assert.deepEqual(seqs(list.page({ region: 'r', state: 'A' }, 0, -1)), [1, 5]);
      assert.deepEqual(seqs(list.page({ region: 'r', names: ['n2', 'n5', 'n6'], after: 20 }, 0, 10)), [5]);
      assert.deepEqual(list.page({ region: 'r', state: 'B' }, 3, 10), [{ seq: 4, data: '{"i":4}' }]);
    });

    it('pages newest first before the cursor when descending, from the end without one', () => {
      const list = new KeysetList<Filter>(stmts, { table: 't', columns: COLUMNS, descending: true });
      assert.deepEqual(seqs(list.page({ region: 'r' }, undefined, 3)), [5, 4, 2]);
      assert.deepEqual(seqs(list.page({ region: 'r' }, 4, 3)), [2, 1]);
    });
  });
});
