/**
 * Vaults: type, lock mode and LockDate, encryption key and recovery point counts (ListBackupVaults),
 * and for the selected vault its access policy and notifications (DescribeBackupVault,
 * GetBackupVaultAccessPolicy, GetBackupVaultNotifications).
 */
import { DescribeBackupVaultCommand, GetBackupVaultAccessPolicyCommand, GetBackupVaultNotificationsCommand, ListBackupVaultsCommand } from '@aws-sdk/client-backup';
import { Empty, ErrorNote, Loading } from '../components/status.js';
import { allPages } from '../lib/all-pages.js';
import { useConsole } from '../lib/context.js';
import { formatTime, shortArn } from '../lib/format.js';
import { useLoad } from '../lib/use-load.js';
import type { ConsoleView } from './index.js';

/** Vault Lock as the API reports it: a LockDate means compliance mode (immutable from that date), a lock without one governance mode. */
export function lockMode(v: { Locked?: boolean; LockDate?: Date }, now: Date): string {
  if (!v.Locked) return 'none';
  if (!v.LockDate) return 'governance';
  return v.LockDate.getTime() > now.getTime() ? `compliance (changeable until ${formatTime(v.LockDate)})` : 'compliance';
}

/** A call answered with ResourceNotFoundException means "none set": undefined. */
const orNone = <T,>(p: Promise<T>): Promise<T | undefined> => p.catch((e: Error) => (e.name === 'ResourceNotFoundException' ? undefined : Promise.reject(e)));

function VaultDetail({ name }: { name: string }) {
  const { backup } = useConsole();
  const state = useLoad(
    async () => {
      const [vault, policy, notifications] = await Promise.all([
        backup.send(new DescribeBackupVaultCommand({ BackupVaultName: name })),
        orNone(backup.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName: name }))),
        orNone(backup.send(new GetBackupVaultNotificationsCommand({ BackupVaultName: name }))),
      ]);
      return { vault, policy, notifications };
    },
    [backup, name],
  );
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading what="the vault" />;
  const { vault, policy, notifications } = state.data;
  return (
    <section class="detail" data-testid="vault-detail">
      <h3>{vault.BackupVaultName}</h3>
      <dl>
        <dt>ARN</dt>
        <dd>{vault.BackupVaultArn}</dd>
        <dt>State</dt>
        <dd>{vault.VaultState}</dd>
        <dt>Retention</dt>
        <dd>{vault.MinRetentionDays === undefined ? 'not set' : `${vault.MinRetentionDays} to ${vault.MaxRetentionDays ?? '-'} days`}</dd>
        <dt>Created</dt>
        <dd>{formatTime(vault.CreationDate)}</dd>
        <dt>Notifications</dt>
        <dd data-testid="vault-notifications">{notifications ? `${notifications.BackupVaultEvents?.join(', ')} to ${notifications.SNSTopicArn}` : 'none'}</dd>
      </dl>
      <h4>Access policy</h4>
      {policy?.Policy ? <pre data-testid="vault-policy">{JSON.stringify(JSON.parse(policy.Policy), null, 2)}</pre> : <Empty>No access policy.</Empty>}
    </section>
  );
}

function Vaults() {
  const { backup, params, setParams, open, now } = useConsole();
  const state = useLoad(() => allPages((NextToken) => backup.send(new ListBackupVaultsCommand({ NextToken, MaxResults: 1000 })), (page) => page.BackupVaultList), [backup]);
  const selected = params.get('vault') ?? undefined;
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading what="vaults" />;
  return (
    <div class="split">
      <table class="grid" data-testid="vaults">
        <thead>
          <tr>
            <th>Name</th>
            <th>Type</th>
            <th>Lock</th>
            <th>Lock date</th>
            <th>Encryption key</th>
            <th>Recovery points</th>
          </tr>
        </thead>
        <tbody>
          {state.data.map((v) => (
            <tr key={v.BackupVaultArn} class={v.BackupVaultName === selected ? 'selected' : undefined} onClick={() => setParams({ vault: v.BackupVaultName })}>
              <td>{v.BackupVaultName}</td>
              <td>{v.VaultType ?? 'BACKUP_VAULT'}</td>
              <td>{lockMode(v, now)}</td>
              <td>{formatTime(v.LockDate)}</td>
              <td title={v.EncryptionKeyArn}>{shortArn(v.EncryptionKeyArn)}</td>
              <td class="num">
                <a
                  href="#"
                  onClick={(e) => {
                    e.preventDefault();
                    e.stopPropagation();
                    open('recovery-points', { vault: v.BackupVaultName! });
                  }}
                >
                  {v.NumberOfRecoveryPoints ?? 0}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {state.data.length === 0 && <Empty>No vaults in this account and Region.</Empty>}
      {selected && <VaultDetail name={selected} />}
    </div>
  );
}

export const vaultsView: ConsoleView = { id: 'vaults', title: 'Vaults', Component: Vaults };
