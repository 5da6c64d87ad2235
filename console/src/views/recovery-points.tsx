/**
 * Recovery points of a vault (ListRecoveryPointsByBackupVault, paged by the server as the list
 * scrolls): status, storage class (DescribeRecoveryPoint, for the rows in view), the calculated
 * lifecycle dates (when it goes cold, when it is deleted), and, for a point that cannot be
 * deleted, why: the removal guards DeleteRecoveryPoint applies, through
 * GET /_holdfast/console/protection.
 */
import { DescribeRecoveryPointCommand, ListBackupVaultsCommand, ListRecoveryPointsByBackupVaultCommand, type RecoveryPointByBackupVault } from '@aws-sdk/client-backup';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { Empty, ErrorNote, Loading } from '../components/status.js';
import { VirtualTable, type Column } from '../components/virtual-table.js';
import { AdminCallError } from '../lib/admin.js';
import { useConsole } from '../lib/context.js';
import { formatTime, shortArn } from '../lib/format.js';
import { useLoad } from '../lib/use-load.js';
import type { ConsoleView } from './index.js';

const PAGE = 100;

export interface Protection {
  recoveryPointArn: string;
  deletable: boolean;
  reasons: { kind: string; message: string; id?: string }[];
}

/** Whether each point can be deleted, and why not: undefined for all when the server has no such route. */
function useProtection(arns: string[]): Map<string, Protection> | undefined {
  const { admin, version } = useConsole();
  const [known, setKnown] = useState<Map<string, Protection> | undefined>(new Map());
  const asked = useRef(new Set<string>());
  useEffect(() => {
    asked.current = new Set();
    setKnown(new Map());
  }, [admin, version]);
  useEffect(() => {
    const missing = arns.filter((a) => !asked.current.has(a));
    if (!missing.length || known === undefined) return;
    for (const a of missing) asked.current.add(a);
    for (let i = 0; i < missing.length; i += 100) {
      admin.get<{ points: Protection[] }>('/console/protection', { arn: missing.slice(i, i + 100) }).then(
        (r) => setKnown((cur) => (cur ? new Map([...cur, ...r.points.map((p): [string, Protection] => [p.recoveryPointArn, p])]) : cur)),
        (e: unknown) => {
          if (e instanceof AdminCallError && e.status === 404 && e.message.startsWith('No Holdfast admin route')) setKnown(undefined);
        },
      );
    }
  }, [arns, admin, known]);
  return known;
}

/** The storage class DescribeRecoveryPoint answers, for the points in view (the list does not carry it). */
function useStorageClasses(vault: string | undefined, arns: string[]): Map<string, string> {
  const { backup, version } = useConsole();
  const [classes, setClasses] = useState(new Map<string, string>());
  const asked = useRef(new Set<string>());
  useEffect(() => {
    asked.current = new Set();
    setClasses(new Map());
  }, [backup, vault, version]);
  useEffect(() => {
    if (!vault) return;
    for (const arn of arns) {
      if (asked.current.has(arn)) continue;
      asked.current.add(arn);
      backup.send(new DescribeRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: arn })).then(
        (p) => setClasses((cur) => new Map(cur).set(arn, p.StorageClass ?? '')),
        () => undefined,
      );
    }
  }, [arns, backup, vault]);
  return classes;
}

function Why({ p }: { p: Protection | undefined }) {
  if (!p) return <span class="empty">...</span>;
  if (p.deletable) return <span>deletable</span>;
  return (
    <span class="state-FAILED" title={p.reasons.map((r) => r.message).join('\n')}>
      {[...new Set(p.reasons.map((r) => r.kind))].join(', ')}
    </span>
  );
}

function PointDetail({ vault, arn, protection }: { vault: string; arn: string; protection: Protection | undefined }) {
  const { backup } = useConsole();
  const state = useLoad(() => backup.send(new DescribeRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: arn })), [backup, vault, arn]);
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading what="the recovery point" />;
  const p = state.data;
  return (
    <section class="detail" data-testid="point-detail">
      <h3>{shortArn(p.RecoveryPointArn)}</h3>
      <dl>
        <dt>Status</dt>
        <dd>
          {p.Status}
          {p.StatusMessage ? ` (${p.StatusMessage})` : ''}
        </dd>
        <dt>Resource</dt>
        <dd>{p.ResourceArn}</dd>
        <dt>Storage class</dt>
        <dd data-testid="point-storage-class">{p.StorageClass}</dd>
        <dt>Created</dt>
        <dd>{formatTime(p.CreationDate)}</dd>
        <dt>Lifecycle</dt>
        <dd>
          {p.Lifecycle?.MoveToColdStorageAfterDays !== undefined ? `cold after ${p.Lifecycle.MoveToColdStorageAfterDays} days; ` : ''}
          {p.Lifecycle?.DeleteAfterDays !== undefined ? `deleted after ${p.Lifecycle.DeleteAfterDays} days` : 'kept until deleted'}
        </dd>
        <dt>Goes cold</dt>
        <dd>{formatTime(p.CalculatedLifecycle?.MoveToColdStorageAt) || 'never'}</dd>
        <dt>Deleted</dt>
        <dd>{formatTime(p.CalculatedLifecycle?.DeleteAt) || 'never'}</dd>
        {p.ParentRecoveryPointArn && (
          <>
            <dt>Parent (composite)</dt>
            <dd>{p.ParentRecoveryPointArn}</dd>
          </>
        )}
        <dt>Can it be deleted?</dt>
        <dd data-testid="point-protection">
          {protection === undefined ? (
            'unknown'
          ) : protection.deletable ? (
            'yes'
          ) : (
            <ul class="reasons">
              {protection.reasons.map((r) => (
                <li key={`${r.kind}/${r.id ?? r.message}`}>
                  {r.kind}: {r.message}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );
}

function RecoveryPoints() {
  const { backup, params, setParams } = useConsole();
  const vaults = useLoad(async () => (await backup.send(new ListBackupVaultsCommand({ MaxResults: 1000 }))).BackupVaultList ?? [], [backup]);
  const vault = params.get('vault') ?? vaults.data?.[0]?.BackupVaultName;
  const resource = params.get('resource') ?? undefined;
  const selected = params.get('point') ?? undefined;
  const list = (NextToken?: string) =>
    backup.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: vault!, ByResourceArn: resource, NextToken, MaxResults: PAGE }));
  const first = useLoad(async () => (vault ? list() : undefined), [backup, vault, resource]);
  const [rows, setRows] = useState<RecoveryPointByBackupVault[]>();
  const [next, setNext] = useState<string>();
  const fetching = useRef(false);
  useEffect(() => {
    setRows(first.data?.RecoveryPoints);
    setNext(first.data?.NextToken);
  }, [first.data]);
  const more = useCallback(() => {
    if (!next || fetching.current) return;
    fetching.current = true;
    list(next).then(
      (p) => {
        fetching.current = false;
        setRows((cur) => [...(cur ?? []), ...(p.RecoveryPoints ?? [])]);
        setNext(p.NextToken);
      },
      () => {
        fetching.current = false;
      },
    );
  }, [next, backup, vault, resource]);
  const [range, setRange] = useState<[number, number]>([0, 30]);
  const onRange = useCallback((a: number, b: number) => setRange((r) => (r[0] === a && r[1] === b ? r : [a, b])), []);
  const visible = (rows ?? []).slice(range[0], range[1] + 1).map((p) => p.RecoveryPointArn!);
  const visibleKey = visible.join(',');
  const [wanted, setWanted] = useState<string[]>([]);
  useEffect(() => setWanted(visible), [visibleKey]);
  const protection = useProtection(wanted);
  const classes = useStorageClasses(vault, wanted);

  const columns: Column<RecoveryPointByBackupVault>[] = [
    { title: 'Status', width: '8rem', cell: (p) => <span class={`state-${p.Status}`}>{p.Status}</span> },
    { title: 'Resource', width: '1fr', cell: (p) => <span title={p.ResourceArn}>{p.ResourceName ?? shortArn(p.ResourceArn)}</span> },
    { title: 'Storage', width: '6rem', cell: (p) => classes.get(p.RecoveryPointArn!) ?? '' },
    { title: 'Created', width: '13rem', cell: (p) => formatTime(p.CreationDate) },
    { title: 'Goes cold', width: '13rem', cell: (p) => formatTime(p.CalculatedLifecycle?.MoveToColdStorageAt) },
    { title: 'Deleted', width: '13rem', cell: (p) => formatTime(p.CalculatedLifecycle?.DeleteAt) },
    { title: 'Can be deleted', width: '1fr', cell: (p) => (protection ? <Why p={protection.get(p.RecoveryPointArn!)} /> : <span class="empty">unknown</span>) },
  ];
  if (vaults.error) return <ErrorNote error={vaults.error} />;
  if (!vaults.data) return <Loading what="vaults" />;
  if (!vault) return <Empty>No vaults in this account and Region.</Empty>;
  return (
    <div>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Vault
          <select name="vault" value={vault} onChange={(e) => setParams({ vault: (e.target as HTMLSelectElement).value, point: undefined })}>
            {vaults.data.map((v) => (
              <option key={v.BackupVaultArn} value={v.BackupVaultName}>
                {v.BackupVaultName} ({v.NumberOfRecoveryPoints ?? 0})
              </option>
            ))}
          </select>
        </label>
        <label>
          Resource ARN
          <input name="resource" size={40} value={resource ?? ''} onChange={(e) => setParams({ resource: (e.target as HTMLInputElement).value.trim(), point: undefined })} />
        </label>
      </form>
      {first.error && <ErrorNote error={first.error} />}
      {!rows && !first.error && <Loading what="recovery points" />}
      {rows && rows.length === 0 && <Empty>No recovery points in {vault}.</Empty>}
      {rows && rows.length > 0 && (
        <>
          <VirtualTable
            testId="recovery-points"
            rows={rows}
            columns={columns}
            rowKey={(p) => p.RecoveryPointArn!}
            selected={selected}
            onSelect={(p) => setParams({ point: p.RecoveryPointArn })}
            onEnd={more}
            onRange={onRange}
          />
          <p class="pager">
            {rows.length} recovery points loaded{next ? '; more load as you scroll' : ''}.
          </p>
        </>
      )}
      {selected && <PointDetail vault={vault} arn={selected} protection={protection?.get(selected)} />}
    </div>
  );
}

export const recoveryPointsView: ConsoleView = { id: 'recovery-points', title: 'Recovery points', Component: RecoveryPoints };
