/**
 * Audit: Backup Audit Manager's frameworks (ListFrameworks), each control's compliance now
 * (GET /_holdfast/console/framework-compliance: the audit domain's own evaluators, as a control
 * compliance report would say), and the report jobs (ListReportJobs) with links to their files
 * (GET /_holdfast/buckets/BUCKET/KEY), a server-side page at a time.
 */
import { useState } from 'preact/hooks';
import { ListFrameworksCommand, ListReportJobsCommand } from '@aws-sdk/client-backup';
import { Empty, ErrorNote, Loading } from '../components/status.js';
import { TokenPager } from '../components/token-pager.js';
import { allPages } from '../lib/all-pages.js';
import { useConsole } from '../lib/context.js';
import { formatTime, shortArn } from '../lib/format.js';
import { useLoad } from '../lib/use-load.js';
import type { ConsoleView } from './index.js';

interface Compliance {
  evaluatedAt: string;
  controls: { controlName: string; status: string; resourcesCompliant: number; resourcesNonCompliant: number }[];
  notes: string[];
}

const STATUS_CLASS: Record<string, string> = { COMPLIANT: 'state-COMPLETED', NON_COMPLIANT: 'state-FAILED', INSUFFICIENT_DATA: 'hint' };

function Controls({ name }: { name: string }) {
  const { admin } = useConsole();
  const state = useLoad(() => admin.get<Compliance>('/console/framework-compliance', { frameworkName: name }), [admin, name]);
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading what="the controls' compliance" />;
  return (
    <section class="detail" data-testid="framework-controls">
      <h3>{name}</h3>
      <p class="hint">Evaluated at {formatTime(state.data.evaluatedAt)} on the business clock.</p>
      <table class="grid">
        <thead>
          <tr>
            <th>Control</th>
            <th>Compliance</th>
            <th>Compliant resources</th>
            <th>Non-compliant resources</th>
          </tr>
        </thead>
        <tbody>
          {state.data.controls.map((c) => (
            <tr key={c.controlName} data-key={c.controlName}>
              <td>{c.controlName}</td>
              <td class={STATUS_CLASS[c.status]}>{c.status}</td>
              <td class="num">{c.resourcesCompliant}</td>
              <td class="num">{c.resourcesNonCompliant}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {state.data.notes.length > 0 && (
        <ul class="hint">
          {[...new Set(state.data.notes)].map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * A link to a report file (GET /_holdfast/buckets/BUCKET/KEY). With an admin token the link alone
 * would be refused (a browser sends no bearer token when it follows one), so a click fetches the
 * file with the token and hands it to the browser as a download of the same name.
 */
function ReportFile({ bucket, objectKey }: { bucket: string; objectKey: string }) {
  const { admin } = useConsole();
  const [problem, setProblem] = useState<string>();
  const path = `/buckets/${encodeURIComponent(bucket)}/${objectKey.split('/').map(encodeURIComponent).join('/')}`;
  const name = objectKey.split('/').pop() ?? objectKey;
  const onClick = (e: MouseEvent): void => {
    if (!admin.withToken) return;
    e.preventDefault();
    admin.file(path).then(
      (blob) => {
        const a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = name;
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
      },
      (err: unknown) => setProblem(err instanceof Error ? err.message : String(err)),
    );
  };
  return (
    <>
      <a href={`/_holdfast${path}`} target="_blank" rel="noreferrer" onClick={onClick}>
        {name}
      </a>{' '}
      {problem && <span class="error">{problem}</span>}
    </>
  );
}

function ReportJobs() {
  const { backup } = useConsole();
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const token = tokens[tokens.length - 1];
  const state = useLoad(() => backup.send(new ListReportJobsCommand({ MaxResults: 100, NextToken: token })), [backup, token]);
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading what="report jobs" />;
  const jobs = state.data.ReportJobs ?? [];
  return (
    <div>
      {jobs.length === 0 ? (
        <Empty>No report jobs in this account and Region.</Empty>
      ) : (
        <table class="grid" data-testid="report-jobs">
          <thead>
            <tr>
              <th>Report plan</th>
              <th>Template</th>
              <th>Status</th>
              <th>Created</th>
              <th>Completed</th>
              <th>Files</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.ReportJobId} data-key={j.ReportJobId}>
                <td title={j.ReportPlanArn}>{shortArn(j.ReportPlanArn)}</td>
                <td>{j.ReportTemplate}</td>
                <td class={`state-${j.Status}`} title={j.StatusMessage}>
                  {j.Status}
                </td>
                <td>{formatTime(j.CreationTime)}</td>
                <td>{formatTime(j.CompletionTime)}</td>
                <td>
                  {(j.ReportDestination?.S3Keys ?? []).map((key) => (
                    <ReportFile key={key} bucket={j.ReportDestination!.S3BucketName!} objectKey={key} />
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <TokenPager tokens={tokens} setTokens={setTokens} next={state.data.NextToken} />
    </div>
  );
}

function Audit() {
  const { backup, params, setParams } = useConsole();
  const state = useLoad(() => allPages((NextToken) => backup.send(new ListFrameworksCommand({ NextToken, MaxResults: 100 })), (page) => page.Frameworks), [backup]);
  const selected = params.get('framework') ?? undefined;
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading what="frameworks" />;
  return (
    <div>
      <h3>Frameworks</h3>
      <table class="grid" data-testid="frameworks">
        <thead>
          <tr>
            <th>Name</th>
            <th>Controls</th>
            <th>Deployment</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {state.data.map((f) => (
            <tr key={f.FrameworkArn} data-key={f.FrameworkName} class={f.FrameworkName === selected ? 'selected' : undefined} onClick={() => setParams({ framework: f.FrameworkName })}>
              <td>{f.FrameworkName}</td>
              <td class="num">{f.NumberOfControls}</td>
              <td>{f.DeploymentStatus}</td>
              <td>{formatTime(f.CreationTime)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {state.data.length === 0 && <Empty>No frameworks in this account and Region.</Empty>}
      {selected && <Controls name={selected} />}
      <h3>Report jobs</h3>
      <ReportJobs />
    </div>
  );
}

export const auditView: ConsoleView = { id: 'audit', title: 'Audit', Component: Audit };
