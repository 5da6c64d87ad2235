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

  it('lists all 115 operations once, with a total and the model each came from', () => {
    const doc = renderCoverage(['CreateBackupVault', 'ListTags', 'ListBackupAccessPoints']);
    const rows = [...doc.matchAll(/^\| (\w+) \| (implemented|not yet \(501\)) \| (SDK 3\.1092\.0|botocore 1\.43\.107 \(vendored\)) \|$/gm)];
    assert.equal(rows.length, 115);
    assert.equal(new Set(rows.map((r) => r[1])).size, 115);
    assert.equal(rows.filter((r) => r[3]!.startsWith('botocore')).length, 6);
    assert.match(doc, /\*\*3 of 115 operations implemented\.\*\*/);
    assert.match(doc, /^\| Tags \| 1 \/ 3 \|$/m);
    assert.match(doc, /^\| Backup access points \| 1 \/ 6 \|$/m);
    assert.match(doc, /^\| ListTags \| implemented \| SDK 3\.1092\.0 \|$/m);
    assert.match(doc, /^\| TagResource \| not yet \(501\) \| SDK 3\.1092\.0 \|$/m);
    assert.match(doc, /^\| ListBackupAccessPoints \| implemented \| botocore 1\.43\.107 \(vendored\) \|$/m);
    assert.match(doc, /^\| CreateBackupAccessPoint \| not yet \(501\) \| botocore 1\.43\.107 \(vendored\) \|$/m);
  });
});
