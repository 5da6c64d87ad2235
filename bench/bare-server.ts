/**
 * The baseline of `npm run bench`: a bare node:http server answering every request with one
 * constant JSON body (about the size of a DescribeBackupVault answer), run as its own process
 * like Holdfast, loaded by the same generator. Prints its port on stdout once it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const BODY = Buffer.from(
  JSON.stringify({
    BackupVaultArn: 'arn:aws:backup:us-east-1:111111111111:backup-vault:bench-vault-0000',
    BackupVaultName: 'bench-vault-0000',
    CreationDate: 1767225600,
    CreatorRequestId: 'req',
    EncryptionKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000000',
    Locked: false,
    NumberOfRecoveryPoints: 0,
    VaultState: 'AVAILABLE',
    VaultType: 'BACKUP_VAULT',
  }),
);

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': BODY.length });
    res.end(BODY);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
