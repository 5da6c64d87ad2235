import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { botocoreTypesPath, generate, generateBotocoreTypes, outputPath } from '../../scripts/codegen.js';
import { vendoredModel } from '../../src/protocol/botocore-model.js';
import { loadOperations } from '../../src/protocol/model.js';

describe('generated model types', () => {
  it('match what scripts/codegen.ts makes from the pinned SDK (run `npm run codegen` when this fails)', () => {
    assert.equal(readFileSync(outputPath, 'utf8'), generate(), 'src/protocol/generated/model-types.ts is stale: run `npm run codegen`');
    assert.equal(readFileSync(botocoreTypesPath, 'utf8'), generateBotocoreTypes(), 'src/protocol/generated/botocore-types.ts is stale: run `npm run codegen`');
  });

  it('type exactly the operations the runtime model routes', () => {
    const typed = [...generate().matchAll(/^ {2}(\w+): \{ input: (?:sdk\.\w+CommandInput|botocore\.\w+);/gm)].map((m) => m[1]);
    assert.deepEqual(typed.sort(), loadOperations().map((o) => o.name).sort());
  });

  it('type the operations the SDK lacks from the vendored botocore model, in the SDK\'s style', () => {
    const types = generate();
    const fromModel = loadOperations().filter((o) => o.source === 'botocore').map((o) => o.name);
    assert.deepEqual(fromModel, [
      'CreateBackupAccessPoint',
      'DeleteBackupAccessPoint',
      'DescribeBackupAccessPoint',
      'ListBackupAccessPoints',
      'ListBackupAccessPointsByRecoveryPoint',
      'ListBackupAccessPointsByResource',
    ]);
    for (const op of fromModel) assert.match(types, new RegExp(`^  ${op}: \\{ input: botocore\\.`, 'm'));
    const shapes = generateBotocoreTypes();
    // Required members are `X: T | undefined`, the others optional, as in the SDK's .d.ts files.
    assert.match(shapes, /^export interface CreateBackupAccessPointRequest \{\n {2}AccessPointMetadata\?: Record<string, string> \| undefined;\n {2}AccessPointPolicy\?: string \| undefined;\n {2}Name: string \| undefined;/m);
    assert.match(shapes, /^export type AccessPointStatus = 'AVAILABLE' \| 'CREATING' \| 'DELETING' \| 'DISASSOCIATED' \| 'DISASSOCIATING' \| 'EXPIRED' \| 'FAILED';$/m);
    assert.match(shapes, /^ {2}CreationTime: Date \| undefined;$/m);
  });

  it('leave an operation to the SDK once the SDK has it (nothing is typed from botocore twice)', () => {
    const model = { ...vendoredModel, operations: { ...vendoredModel.operations } };
    for (const op of Object.keys(model.operations)) if (op.includes('AccessPoint')) delete model.operations[op];
    assert.doesNotMatch(generate(model), /botocore\./);
    assert.equal(generateBotocoreTypes(model).split('\n').filter((l) => l.startsWith('export')).length, 0);
  });

  it('map enum members to the SDK\'s enums, which the validator uses', () => {
    const ops = new Map(loadOperations().map((o) => [o.name, o]));
    const vaultType = ops.get('ListBackupVaults')!.input.members.get('ByVaultType')!.shape;
    assert.equal(vaultType.kind === 'string' && vaultType.enumName, 'VaultType');
    const state = ops.get('ListBackupJobs')!.input.members.get('ByState')!.shape;
    assert.ok(state.kind === 'string' && state.enumValues?.has('COMPLETED'));
  });
});
