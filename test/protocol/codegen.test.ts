import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { generate, outputPath } from '../../scripts/codegen.js';
import { loadOperations } from '../../src/protocol/model.js';

describe('generated model types', () => {
  it('match what scripts/codegen.ts makes from the pinned SDK (run `npm run codegen` when this fails)', () => {
    assert.equal(readFileSync(outputPath, 'utf8'), generate(), 'src/protocol/generated/model-types.ts is stale: run `npm run codegen`');
  });

  it('type exactly the operations the runtime model routes', () => {
    const typed = [...generate().matchAll(/^ {2}(\w+): \{ input: sdk\.\w+CommandInput;/gm)].map((m) => m[1]);
    assert.deepEqual(typed.sort(), loadOperations().map((o) => o.name).sort());
  });

  it('map enum members to the SDK\'s enums, which the validator uses', () => {
    const ops = new Map(loadOperations().map((o) => [o.name, o]));
    const vaultType = ops.get('ListBackupVaults')!.input.members.get('ByVaultType')!.shape;
    assert.equal(vaultType.kind === 'string' && vaultType.enumName, 'VaultType');
    const state = ops.get('ListBackupJobs')!.input.members.get('ByState')!.shape;
    assert.ok(state.kind === 'string' && state.enumValues?.has('COMPLETED'));
  });
});
