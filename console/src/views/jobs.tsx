/**
 * Jobs: backup, copy, restore, scan and report jobs on a timeline of the business clock, grouped by
 * plan rule or by resource, with a virtualised list below; failed, expired and partial jobs first.
 * Filters (kind, state, vault, resource) go to the List call; further pages load as the list is
 * scrolled. A selected job shows its details, its parent and children, and the jobs that followed.
 */
import { DescribeBackupJobCommand, ListBackupJobsCommand, ListBackupPlansCommand, ListBackupVaultsCommand, ListCopyJobsCommand, ListScanJobsCommand } from '@aws-sdk/client-backup';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { JobTimeline, type Grouping } from '../components/job-timeline.js';
import { Empty, ErrorNote, Loading } from '../components/status.js';
import { VirtualTable, type Column } from '../components/virtual-table.js';
import { AdminCallError } from '../lib/admin.js';
import { useConsole } from '../lib/context.js';
import { formatSpan, formatTime, shortArn } from '../lib/format.js';
import { firstJobs, jobSource, JOB_SOURCES, mergeJobs, type JobFilters, type JobPage, type JobRow } from '../lib/job-sources.js';
import { useLoad } from '../lib/use-load.js';
import type { ConsoleView } from './index.js';

const PAGE = 100;
const NO_PLANS: ReadonlyMap<string, string> = new Map();

const COLUMNS: Column<JobRow>[] = [
  { title: 'State', width: '9rem', cell: (j) => <span class={`state-${j.state}`}>{j.state}</span> },
  { title: 'Job', width: '12rem', cell: (j) => <span title={j.id}>{j.id}</span> },
  { title: 'Resource', width: '1fr', cell: (j) => <span title={j.resourceArn}>{j.resourceName ?? shortArn(j.resourceArn)}</span> },
  { title: 'Vault', width: '10rem', cell: (j) => j.vaultName ?? '' },
  { title: 'Created', width: '13rem', cell: (j) => formatTime(j.created) },
  { title: 'Completed', width: '13rem', cell: (j) => formatTime(j.completed) },
  { title: 'Message', width: '1fr', cell: (j) => <span title={j.message}>{j.message ?? ''}</span> },
];

function Related({ title, rows, testId }: { title: string; rows: { id: string; state?: string; note?: string; open?: () => void }[]; testId: string }) {
  return (
    <div data-testid={testId}>
      <h4>{title}</h4>
      {rows.length === 0 ? (
        <Empty>None.</Empty>
      ) : (
        <ul>
          {rows.map((r) => (
            <li key={r.id}>
              {r.open ? (
                <a
                  href="#"
                  onClick={(e) => {
                    e.preventDefault();
                    r.open!();
                  }}
                >
                  {r.id}
                </a>
              ) : (
                r.id
              )}{' '}
              <span class={`state-${r.state}`}>{r.state}</span> {r.note}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The restore jobs that followed a backup job: the API cannot list them by recovery point, an admin route does. */
interface JobRelations {
  restoreJobs: { restoreJobId: string; status: string }[];
}

function BackupJobDetail({ id }: { id: string }) {
  const { backup, admin, setParams } = useConsole();
  const state = useLoad(async () => {
    const job = await backup.send(new DescribeBackupJobCommand({ BackupJobId: id }));
    const point = job.RecoveryPointArn;
    const [children, copies, scans, relations] = await Promise.all([
      job.IsParent ? backup.send(new ListBackupJobsCommand({ ByParentJobId: id, MaxResults: 100 })) : undefined,
      point ? backup.send(new ListCopyJobsCommand({ BySourceRecoveryPointArn: point, MaxResults: 100 })) : undefined,
      point ? backup.send(new ListScanJobsCommand({ ByRecoveryPointArn: point, MaxResults: 100 })) : undefined,
      admin.get<JobRelations>('/console/job-relations', { jobId: id }).catch((e: unknown) => {
        if (e instanceof AdminCallError && e.status === 404) return undefined;
        throw e;
      }),
    ]);
    return { job, children: children?.BackupJobs ?? [], copies: copies?.CopyJobs ?? [], scans: scans?.ScanJobs ?? [], relations };
  }, [backup, admin, id]);
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading what="the job" />;
  const { job, children, copies, scans, relations } = state.data;
  const openJob = (type: string, jobId: string) => () => setParams({ type, job: jobId, state: undefined, vault: undefined, resource: undefined });
  return (
    <section class="detail" data-testid="job-detail">
      <h3>
        Backup job {job.BackupJobId} <span class={`state-${job.State}`}>{job.State}</span>
      </h3>
      <dl>
        <dt>Resource</dt>
        <dd>{job.ResourceArn}</dd>
        <dt>Vault</dt>
        <dd>{job.BackupVaultName}</dd>
        <dt>Created</dt>
        <dd>{formatTime(job.CreationDate)}</dd>
        <dt>Start window ends</dt>
        <dd>{formatTime(job.StartBy)}</dd>
        <dt>Completed</dt>
        <dd>
          {formatTime(job.CompletionDate)}
          {job.CompletionDate && job.CreationDate ? ` (after ${formatSpan(job.CompletionDate.getTime() - job.CreationDate.getTime())})` : ''}
        </dd>
        <dt>Message</dt>
        <dd data-testid="job-message">{job.StatusMessage ?? ''}</dd>
        <dt>Recovery point</dt>
        <dd>{job.RecoveryPointArn ?? ''}</dd>
        <dt>Plan rule</dt>
        <dd>{job.CreatedBy?.BackupPlanId ? `${job.CreatedBy.BackupPlanId} / ${job.CreatedBy.BackupRuleId}` : 'on demand'}</dd>
        {job.ParentJobId && (
          <>
            <dt>Parent job</dt>
            <dd>
              <a
                href="#"
                onClick={(e) => {
                  e.preventDefault();
                  openJob('backup', job.ParentJobId!)();
                }}
              >
                {job.ParentJobId}
              </a>
            </dd>
          </>
        )}
      </dl>
      {job.IsParent && <Related title="Child jobs" testId="job-children" rows={children.map((c) => ({ id: c.BackupJobId!, state: c.State, note: c.ResourceName ?? shortArn(c.ResourceArn), open: openJob('backup', c.BackupJobId!) }))} />}
      <Related title="Copy jobs" testId="job-copies" rows={copies.map((c) => ({ id: c.CopyJobId!, state: c.State, note: `to ${shortArn(c.DestinationBackupVaultArn)}`, open: openJob('copy', c.CopyJobId!) }))} />
      <Related title="Scan jobs" testId="job-scans" rows={scans.map((s) => ({ id: s.ScanJobId!, state: s.State, open: openJob('scan', s.ScanJobId!) }))} />
      {relations && <Related title="Restore jobs" testId="job-restores" rows={relations.restoreJobs.map((r) => ({ id: r.restoreJobId, state: r.status, open: openJob('restore', r.restoreJobId) }))} />}
    </section>
  );
}

function RowDetail({ job }: { job: JobRow }) {
  return (
    <section class="detail" data-testid="job-detail">
      <h3>
        {job.type} job {job.id} <span class={`state-${job.state}`}>{job.state}</span>
      </h3>
      <dl>
        <dt>Resource</dt>
        <dd>{job.resourceArn ?? ''}</dd>
        <dt>Created</dt>
        <dd>{formatTime(job.created)}</dd>
        <dt>Completed</dt>
        <dd>{formatTime(job.completed)}</dd>
        <dt>Message</dt>
        <dd data-testid="job-message">{job.message ?? ''}</dd>
        <dt>Recovery point</dt>
        <dd>{job.recoveryPointArn ?? ''}</dd>
        {job.parentId && (
          <>
            <dt>Parent job</dt>
            <dd>{job.parentId}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Filters({ vaults }: { vaults: { name: string; arn: string }[] }) {
  const { params, setParams } = useConsole();
  const source = jobSource(params.get('type'));
  const [resource, setResource] = useState(params.get('resource') ?? '');
  const select = (name: string, label: string, value: string, options: [string, string][]) => (
    <label>
      {label}
      <select name={name} value={value} onChange={(e) => setParams({ [name]: (e.target as HTMLSelectElement).value, job: undefined })}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      class="filters"
      onSubmit={(e) => {
        e.preventDefault();
        setParams({ resource: resource.trim(), job: undefined });
      }}
    >
      {select('type', 'Kind', source.type, JOB_SOURCES.map((s) => [s.type, s.title]))}
      {select('state', 'State', params.get('state') ?? '', [['', 'any (problems first)'], ...source.states.map((s): [string, string] => [s, s])])}
      {source.filters.vault &&
        select('vault', source.filters.vault === 'name' ? 'Vault' : 'Destination vault', params.get('vault') ?? '', [
          ['', 'any'],
          ...vaults.map((v): [string, string] => [source.filters.vault === 'name' ? v.name : v.arn, v.name]),
        ])}
      {source.filters.resource && (
        <label>
          Resource ARN
          <input name="resource" size={40} value={resource} onInput={(e) => setResource((e.target as HTMLInputElement).value)} onBlur={() => setParams({ resource: resource.trim(), job: undefined })} />
        </label>
      )}
      {select('group', 'Timeline lanes', params.get('group') ?? 'rule', [
        ['rule', 'by plan rule'],
        ['resource', 'by resource'],
      ])}
    </form>
  );
}

function Jobs() {
  const { backup, params, setParams, now } = useConsole();
  const source = jobSource(params.get('type'));
  const filters: JobFilters = { state: params.get('state') ?? undefined, vault: params.get('vault') ?? undefined, resource: params.get('resource') ?? undefined };
  const grouping: Grouping = params.get('group') === 'resource' ? 'resource' : 'rule';
  const selectedId = params.get('job') ?? undefined;
  const vaults = useLoad(async () => {
    const r = await backup.send(new ListBackupVaultsCommand({ MaxResults: 1000 }));
    return (r.BackupVaultList ?? []).map((v) => ({ name: v.BackupVaultName!, arn: v.BackupVaultArn! }));
  }, [backup]);
  const plans = useLoad(async () => {
    const r = await backup.send(new ListBackupPlansCommand({ MaxResults: 1000, IncludeDeleted: true }));
    return new Map((r.BackupPlansList ?? []).map((p) => [p.BackupPlanId!, p.BackupPlanName!]));
  }, [backup]);
  const first = useLoad(() => firstJobs(backup, source, filters, PAGE), [backup, source, filters.state, filters.vault, filters.resource]);
  const [page, setPage] = useState<JobPage>();
  const [moreError, setMoreError] = useState<Error>();
  const fetching = useRef(false);
  useEffect(() => {
    setPage(first.data);
    setMoreError(undefined);
  }, [first.data]);
  const more = useCallback(() => {
    const next = page?.next;
    if (!next || fetching.current) return;
    fetching.current = true;
    source.list(backup, filters, next, PAGE).then(
      (p) => {
        fetching.current = false;
        setPage((cur) => (cur ? { rows: mergeJobs(cur.rows, p.rows), next: p.next } : cur));
      },
      (e: Error) => {
        fetching.current = false;
        setMoreError(e);
      },
    );
  }, [page, backup, source, filters.state, filters.vault, filters.resource]);

  const rows = page?.rows;
  const selected = rows?.find((j) => j.id === selectedId);
  return (
    <div>
      <Filters key={source.type} vaults={vaults.data ?? []} />
      {first.error && <ErrorNote error={first.error} />}
      {!rows && !first.error && <Loading what="jobs" />}
      {rows && rows.length === 0 && <Empty>No {source.title.toLowerCase()} jobs match.</Empty>}
      {rows && rows.length > 0 && (
        <>
          <JobTimeline jobs={rows} now={now} grouping={grouping} planNames={plans.data ?? NO_PLANS} selected={selectedId} onSelect={(id) => setParams({ job: id })} />
          <VirtualTable testId="jobs" rows={rows} columns={COLUMNS} rowKey={(j) => j.id} selected={selectedId} onSelect={(j) => setParams({ job: j.id })} onEnd={more} />
          <p class="pager">
            {rows.length} jobs loaded{page?.next ? '; more load as you scroll' : ''}. {moreError && <ErrorNote error={moreError} />}
          </p>
        </>
      )}
      {selectedId && source.type === 'backup' ? <BackupJobDetail id={selectedId} /> : selected && <RowDetail job={selected} />}
    </div>
  );
}

export const jobsView: ConsoleView = { id: 'jobs', title: 'Jobs', Component: Jobs };
