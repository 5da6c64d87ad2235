import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { coveragePath, implementedOperations, renderCoverage } from '../../scripts/coverage.js';

describe('docs/api-coverage.md', () => {
  it('matches the handler registry (run `npm run coverage` when this fails)', async () => {
    const implemented = await implementedOperations();
    assert.ok(implemented.includes('CreateBackupVault'));
    assert.equal(readFileSync(coveragePath, 'utf8'), renderCoverage(implemented), 'docs/api-coverage.md is stale: run `npm run coverage`');
  });

  it('lists all 109 operations once, with a total', () => {
    const doc = renderCoverage(['CreateBackupVault', 'ListTags']);
    const rows = [...doc.matchAll(/^\| (\w+) \| (implemented|not yet \(501\)) \|$/gm)];
    assert.equal(rows.length, 109);
    assert.equal(new Set(rows.map((r) => r[1])).size, 109);
    assert.match(doc, /\*\*2 of 109 operations implemented\.\*\*/);
    assert.match(doc, /^\| Tags \| 1 \/ 3 \|$/m);
    assert.match(doc, /^\| ListTags \| implemented \|$/m);
    assert.match(doc, /^\| TagResource \| not yet \(501\) \|$/m);
  });
});
