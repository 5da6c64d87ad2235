/**
 * Text order through the SDK, the same on both backends (`npm run test:postgres` runs this file
 * on a database whose collation is ICU's en-US): names that differ in case and punctuation page
 * completely and without overlap, in SQLite's bytewise order where the order is by name
 * (protected resources by ARN; restore testing plans that fire at the same instant start their
 * jobs in name order), in creation order where it is by creation (vaults).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateBackupVaultCommand,
  ListBackupVaultsCommand,
  ListProtectedResourcesByBackupVaultCommand,
  ListProtectedResourcesCommand,
  ListRestoreJobsCommand,
} from '@aws-sdk/client-backup';
import { completedBackup } from '../helpers/backups.js';
import { ACCOUNT } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { createPlan, createSelection } from '../restore-testing/fixtures.js';

const bytewise = (names: string[]): string[] => [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

/** Every page of a list, asked `size` at a time: the items of each page in order. */
async function pages<T>(size: number, page: (max: number, token: string | undefined) => Promise<{ items?: T[]; next?: string }>): Promise<T[][]> {
  const out: T[][] = [];
  let token: string | undefined;
  do {
    const { items, next } = await page(size, token);
    out.push(items ?? []);
    token = next;
  } while (token);
  return out;
}

describe('text order through the SDK: mixed case and punctuation', () => {
  const t = suiteServer();

  it('pages vaults in creation order and protected resources in bytewise ARN order, each item once', async () => {
    const vaults = ['vault-b', 'Vault_B', 'VAULT-a', 'vault_a', 'v-1', 'V_2', 'vault-a-x', 'vaultA'];
    for (const name of vaults) await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: name }));
    const vaultPages = await pages(3, async (MaxResults, NextToken) => {
      const r = await t.client.send(new ListBackupVaultsCommand({ MaxResults, NextToken }));
      return { items: r.BackupVaultList?.map((v) => v.BackupVaultName!), next: r.NextToken };
    });
    assert.deepEqual(vaultPages.flat(), vaults);
    assert.ok(vaultPages.every((p) => p.length <= 3));

    const table = (name: string) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${name}`;
    const resources = ['orders-b', 'Orders_B', 'ORDERS-a', 'orders_a', 'orders-a-x', 'orders-A_b', 'orders.a', 'o11'].map(table);
    for (const [i, arn] of resources.entries()) await completedBackup(t, { BackupVaultName: vaults[i % 2]!, ResourceArn: arn });
    for (const size of [1, 3, 100]) {
      const all = await pages(size, async (MaxResults, NextToken) => {
        const r = await t.client.send(new ListProtectedResourcesCommand({ MaxResults, NextToken }));
        return { items: r.Results?.map((p) => p.ResourceArn!), next: r.NextToken };
      });
      assert.deepEqual(all.flat(), bytewise(resources), `pages of ${size}`);
      const inVault = await pages(size, async (MaxResults, NextToken) => {
        const r = await t.client.send(new ListProtectedResourcesByBackupVaultCommand({ BackupVaultName: vaults[1], MaxResults, NextToken }));
        return { items: r.Results?.map((p) => p.ResourceArn!), next: r.NextToken };
      });
      assert.deepEqual(inVault.flat(), bytewise(resources.filter((_, i) => i % 2 === 1)), `pages of ${size} in ${vaults[1]}`);
    }
  });

  it('starts the jobs of restore testing plans that fire at the same instant in bytewise name order', async () => {
    const volume = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`;
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    await completedBackup(t, { ResourceArn: volume });
    const names = ['plan_b', 'Plan_B', 'PLAN_a', 'plan_a', 'P_lan', 'p1', 'plan_A_b', 'planA'];
    const arns = new Map<string, string>();
    for (const name of names) {
      arns.set((await createPlan(t.client, name)).RestoreTestingPlanArn!, name);
      await createSelection(t.client, name, 'sel', { ProtectedResourceArns: [volume] });
    }
    await t.advance(2 * 24 * 3600);
    const jobs = (await t.client.send(new ListRestoreJobsCommand({}))).RestoreJobs!;
    const firstFiring = jobs.filter((j) => j.CreationDate!.getTime() === Math.min(...jobs.map((x) => x.CreationDate!.getTime())));
    assert.equal(firstFiring.length, names.length);
    // ListRestoreJobs answers in creation (seq) order.
    assert.deepEqual(firstFiring.map((j) => arns.get(j.CreatedBy!.RestoreTestingPlanArn!)), bytewise(names));
  });
});
