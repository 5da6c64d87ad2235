import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DeleteRecoveryPointCommand,
  DescribeRecoveryPointCommand,
  DescribeScanJobCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRecoveryPointsByResourceCommand,
  StartScanJobCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { BUCKET, INSTANCE, point, ROLE, scan, SCANNER_ROLE, TABLE, VOLUME, VOLUME2 } from './fixtures.js';

describe('scan jobs', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const { at } = t;
  const describeScan = (id: string) => t.client.send(new DescribeScanJobCommand({ ScanJobId: id }));

  it('runs a full scan CREATED -> RUNNING -> COMPLETED on the clock, finding nothing by default', async () => {
    const rp = await point(t, VOLUME);
    const started = await t.client.send(
      new StartScanJobCommand({ BackupVaultName: 'v1', RecoveryPointArn: rp, IamRoleArn: ROLE, ScannerRoleArn: SCANNER_ROLE, MalwareScanner: 'GUARDDUTY', ScanMode: 'FULL_SCAN' }),
    );
    assert.equal(started.$metadata.httpStatusCode, 201);
    assert.deepEqual(started.CreationDate, at(60));
    const id = started.ScanJobId!;
    assert.match(id, /^[0-9A-F-]{36}$/);
    let d = await describeScan(id);
    assert.equal(d.State, 'CREATED');
    assert.equal(d.AccountId, ACCOUNT);
    assert.equal(d.BackupVaultName, 'v1');
    assert.equal(d.BackupVaultArn, `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`);
    assert.equal(d.RecoveryPointArn, rp);
    assert.equal(d.ResourceArn, VOLUME);
    assert.equal(d.ResourceType, 'EBS');
    assert.equal(d.ResourceName, 'vol-0123456789abcdef0');
    assert.equal(d.IamRoleArn, ROLE);
    assert.equal(d.ScannerRoleArn, SCANNER_ROLE);
    assert.equal(d.MalwareScanner, 'GUARDDUTY');
    assert.equal(d.ScanMode, 'FULL_SCAN');
    assert.equal(d.ScanResult, undefined);
    assert.equal(d.ScanId, undefined);
    await t.advance(60);
    d = await describeScan(id);
    assert.equal(d.State, 'RUNNING');
    assert.match(d.ScanId ?? '', /^[0-9a-f]{32}$/);
    await t.advance(299);
    assert.equal((await describeScan(id)).State, 'RUNNING');
    await t.advance(1);
    d = await describeScan(id);
    assert.equal(d.State, 'COMPLETED');
    assert.deepEqual(d.ScanResult, { ScanResultStatus: 'NO_THREATS_FOUND' });
    assert.deepEqual(d.CompletionDate, at(60 + 60 + 300));

    const p = await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: rp }));
    assert.deepEqual(p.ScanResults, [{ MalwareScanner: 'GUARDDUTY', ScanJobState: 'COMPLETED', LastScanTimestamp: at(420), Findings: [] }]);
    const listed = (await t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'v1' }))).RecoveryPoints![0]!;
    assert.deepEqual(listed.AggregatedScanResult, { FailedScan: false, Findings: [], LastComputed: at(420) });
  });

  it('lets the resource inventory decide what a scan finds, how it ends and how long it takes', async () => {
    await t.admin('PUT', '/resources', {
      resources: [
        { arn: VOLUME, scanResult: 'THREATS_FOUND', scanDurationSeconds: 30 },
        { arn: INSTANCE, scanOutcome: 'FAILED' },
        { arn: BUCKET, scanOutcome: 'COMPLETED_WITH_ISSUES', scanResult: 'THREATS_FOUND' },
      ],
    });
    const infected = await scan(t.client, await point(t, VOLUME));
    const failing = await scan(t.client, await point(t, INSTANCE));
    const partial = await scan(t.client, await point(t, BUCKET));
    await t.advance(60 + 300);
    const a = await describeScan(infected);
    assert.equal(a.State, 'COMPLETED');
    assert.deepEqual(a.ScanResult, { ScanResultStatus: 'THREATS_FOUND' });
    const b = await describeScan(failing);
    assert.equal(b.State, 'FAILED');
    assert.deepEqual(b.ScanResult, { ScanResultStatus: 'UNKNOWN' });
    assert.match(b.StatusMessage ?? '', /failed/);
    const c = await describeScan(partial);
    assert.equal(c.State, 'COMPLETED_WITH_ISSUES');
    assert.deepEqual(c.ScanResult, { ScanResultStatus: 'THREATS_FOUND' });
    assert.match(c.StatusMessage ?? '', /could not be scanned/);

    const byVolume = (await t.client.send(new ListRecoveryPointsByResourceCommand({ ResourceArn: VOLUME }))).RecoveryPoints![0]!;
    assert.deepEqual(byVolume.AggregatedScanResult?.Findings, ['MALWARE']);
    const byInstance = (await t.client.send(new ListRecoveryPointsByResourceCommand({ ResourceArn: INSTANCE }))).RecoveryPoints![0]!;
    assert.equal(byInstance.AggregatedScanResult?.FailedScan, true);
    // The inventory's answer is read when the scan ends: a later scan of a cleaned resource finds nothing.
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME, scanResult: 'NO_THREATS_FOUND' }] });
    const rescan = await scan(t.client, a.RecoveryPointArn!);
    await t.advance(360);
    assert.deepEqual((await describeScan(rescan)).ScanResult, { ScanResultStatus: 'NO_THREATS_FOUND' });
    const p = await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: a.RecoveryPointArn! }));
    assert.deepEqual(p.ScanResults?.map((r) => r.Findings), [[]]);
  });

  it('scans incrementally against an earlier point of the same resource only', async () => {
    const first = await point(t, VOLUME);
    const second = await point(t, VOLUME);
    const other = await point(t, VOLUME2);
    const id = await scan(t.client, second, { ScanMode: 'INCREMENTAL_SCAN', ScanBaseRecoveryPointArn: first });
    const d = await describeScan(id);
    assert.equal(d.ScanMode, 'INCREMENTAL_SCAN');
    assert.equal(d.ScanBaseRecoveryPointArn, first);

    const missing = await errorOf(() => scan(t.client, second, { ScanMode: 'INCREMENTAL_SCAN' }));
    assert.equal(missing.name, 'MissingParameterValueException');
    assert.match(missing.message, /ScanBaseRecoveryPointArn is required/);
    const full = await errorOf(() => scan(t.client, second, { ScanBaseRecoveryPointArn: first }));
    assert.equal(full.name, 'InvalidParameterValueException');
    assert.match(full.message, /only to ScanMode INCREMENTAL_SCAN/);
    const newer = await errorOf(() => scan(t.client, first, { ScanMode: 'INCREMENTAL_SCAN', ScanBaseRecoveryPointArn: second }));
    assert.equal(newer.name, 'InvalidParameterValueException');
    assert.match(newer.message, /must have been created before/);
    const otherResource = await errorOf(() => scan(t.client, second, { ScanMode: 'INCREMENTAL_SCAN', ScanBaseRecoveryPointArn: other }));
    assert.equal(otherResource.name, 'InvalidParameterValueException');
    assert.match(otherResource.message, /of one resource/);
    const same = await errorOf(() => scan(t.client, second, { ScanMode: 'INCREMENTAL_SCAN', ScanBaseRecoveryPointArn: second }));
    assert.equal(same.name, 'InvalidParameterValueException');
    const gone = await errorOf(() =>
      scan(t.client, second, { ScanMode: 'INCREMENTAL_SCAN', ScanBaseRecoveryPointArn: 'arn:aws:ec2:us-east-1::snapshot/snap-00000000000000000' }),
    );
    assert.equal(gone.name, 'ResourceNotFoundException');
  });

  it('checks the request, the vault and the recovery point', async () => {
    const rp = await point(t, VOLUME);
    const table = await point(t, TABLE);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ IamRoleArn: 'not-a-role' }, 'InvalidParameterValueException', /Invalid IamRoleArn/],
      [{ ScannerRoleArn: 'arn:aws:iam::1:role/x' }, 'InvalidParameterValueException', /Invalid ScannerRoleArn/],
      [{ BackupVaultName: 'bad name' }, 'InvalidParameterValueException', /Invalid BackupVaultName/],
      [{ ScanMode: 'QUICK_SCAN' }, 'InvalidParameterValueException', /QUICK_SCAN/],
      [{ MalwareScanner: 'CLAMAV' }, 'InvalidParameterValueException', /CLAMAV/],
      [{ BackupVaultName: 'nope' }, 'ResourceNotFoundException', /Backup vault nope does not exist/],
      [{ RecoveryPointArn: 'arn:aws:ec2:us-east-1::snapshot/snap-00000000000000000' }, 'ResourceNotFoundException', /was not found in backup vault v1/],
      [{ RecoveryPointArn: table }, 'InvalidParameterValueException', /supports only EBS, EC2 and S3/],
      [{ ContinuousScanEndTime: at(0) }, 'InvalidParameterValueException', /only to continuous backups/],
    ];
    for (const [extra, name, message] of cases) {
      const e = await errorOf(() => scan(t.client, rp, extra));
      assert.equal(e.name, name, JSON.stringify(extra));
      assert.match(e.message, message);
    }
    const missing = await errorOf(() =>
      t.client.send(new StartScanJobCommand({ BackupVaultName: 'v1', RecoveryPointArn: rp, IamRoleArn: ROLE, MalwareScanner: 'GUARDDUTY', ScanMode: 'FULL_SCAN' } as never)),
    );
    assert.equal(missing.name, 'MissingParameterValueException');
    assert.match(missing.message, /ScannerRoleArn/);
    const notFound = await errorOf(() => describeScan('0000'));
    assert.equal(notFound.name, 'ResourceNotFoundException');
    // Another account cannot see the job.
    const id = await scan(t.client, rp);
    assert.equal((await errorOf(() => t.clientFor('222222222222').send(new DescribeScanJobCommand({ ScanJobId: id })))).name, 'ResourceNotFoundException');
  });

  it('answers the same job for a repeated IdempotencyToken', async () => {
    const rp = await point(t, VOLUME);
    const a = await scan(t.client, rp, { IdempotencyToken: 'tok-1' });
    const b = await scan(t.client, rp, { IdempotencyToken: 'tok-1' });
    const c = await scan(t.client, rp, { IdempotencyToken: 'tok-2' });
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  it('fails a scan whose recovery point is deleted before it ends', async () => {
    const rp = await point(t, VOLUME);
    const id = await scan(t.client, rp);
    await t.advance(120);
    await t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: rp }));
    await t.advance(300);
    const d = await describeScan(id);
    assert.equal(d.State, 'FAILED');
    assert.deepEqual(d.ScanResult, { ScanResultStatus: 'UNKNOWN' });
    assert.match(d.StatusMessage ?? '', /was deleted/);
    assert.deepEqual(d.CompletionDate, at(60 + 360));
  });
});
