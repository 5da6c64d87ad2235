/** --strict through both AWS CLIs (botocore's signer): listed keys, wrong secrets, session tokens. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsBackup, awsClients } from '../helpers/aws-clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ADMIN, CREDENTIALS, SESSION } from './signing.js';

for (const { label, bin, skip } of awsClients) {
  describe(`strict mode through the ${label}`, { skip }, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer({ credentials: CREDENTIALS, strict: true });
    });
    after(() => t.close());

    it('lets a listed key in and refuses a wrong secret, an unlisted key and a missing session token', async () => {
      const admin = awsBackup(bin!, t.url, '', 'eu-central-1', ADMIN);
      const created = await admin.json('create-backup-vault', '--backup-vault-name', 'cli');
      assert.equal(created.BackupVaultArn, 'arn:aws:backup:eu-central-1:111111111111:backup-vault:cli');
      const session = awsBackup(bin!, t.url, '', 'eu-central-1', SESSION);
      assert.deepEqual((await session.json('list-backup-vaults')).BackupVaultList, []);
      const cases: [ReturnType<typeof awsBackup>, string][] = [
        [awsBackup(bin!, t.url, '', 'eu-central-1', { ...ADMIN, secretAccessKey: 'wrong' }), 'InvalidSignatureException'],
        [awsBackup(bin!, t.url, '111111111111', 'eu-central-1'), 'UnrecognizedClientException'],
        [awsBackup(bin!, t.url, '', 'eu-central-1', { ...SESSION, sessionToken: undefined }), 'UnrecognizedClientException'],
      ];
      for (const [cli, error] of cases) {
        const r = await cli.aws('create-backup-vault', '--backup-vault-name', 'refused');
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, new RegExp(`\\(${error}\\)`));
      }
      const names = (await admin.json('list-backup-vaults')).BackupVaultList.map((v: { BackupVaultName: string }) => v.BackupVaultName);
      assert.deepEqual(names, ['cli']);
    });
  });
}
