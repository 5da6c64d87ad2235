/**
 * Legal holds: every hold (ListLegalHolds) with its state and dates and, for the selected one,
 * what it covers: its selection (GetLegalHold: vaults, resources, creation date range) and the
 * recovery points it holds (ListRecoveryPointsByLegalHold), a server-side page at a time.
 */
import { useState } from 'preact/hooks';
import { GetLegalHoldCommand, ListLegalHoldsCommand, ListRecoveryPointsByLegalHoldCommand } from '@aws-sdk/client-backup';
import { Empty, ErrorNote, Loading } from '../components/status.js';
import { TokenPager } from '../components/token-pager.js';
import { allPages } from '../lib/all-pages.js';
import { useConsole } from '../lib/context.js';
import { formatTime, shortArn } from '../lib/format.js';
import { useLoad } from '../lib/use-load.js';
import type { ConsoleView } from './index.js';

const PAGE = 100;

function HeldPoints({ holdId }: { holdId: string }) {
  const { backup } = useConsole();
  // The tokens of the pages shown so far: [undefined] is the first page.
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const token = tokens[tokens.length - 1];
  const state = useLoad(() => backup.send(new ListRecoveryPointsByLegalHoldCommand({ LegalHoldId: holdId, MaxResults: PAGE, NextToken: token })), [backup, holdId, token]);
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading what="held recovery points" />;
  const points = state.data.RecoveryPoints ?? [];
  return (
    <div>
      {points.length === 0 ? (
        <Empty>This hold holds no recovery point (yet).</Empty>
      ) : (
        <table class="grid" data-testid="held-points">
          <thead>
            <tr>
              <th>Recovery point</th>
              <th>Vault</th>
              <th>Resource</th>
              <th>Type</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.RecoveryPointArn} data-key={p.RecoveryPointArn}>
                <td title={p.RecoveryPointArn}>{shortArn(p.RecoveryPointArn)}</td>
                <td>{p.BackupVaultName}</td>
                <td title={p.ResourceArn}>{shortArn(p.ResourceArn)}</td>
                <td>{p.ResourceType}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <TokenPager tokens={tokens} setTokens={setTokens} next={state.data.NextToken} />
    </div>
  );
}

function HoldDetail({ holdId }: { holdId: string }) {
  const { backup } = useConsole();
  const state = useLoad(() => backup.send(new GetLegalHoldCommand({ LegalHoldId: holdId })), [backup, holdId]);
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading what="the legal hold" />;
  const h = state.data;
  const sel = h.RecoveryPointSelection;
  return (
    <section class="detail" data-testid="hold-detail">
      <h3>{h.Title}</h3>
      <dl>
        <dt>Status</dt>
        <dd class={`state-${h.Status}`}>{h.Status}</dd>
        <dt>Description</dt>
        <dd>{h.Description}</dd>
        <dt>Vaults</dt>
        <dd data-testid="hold-vaults">{sel?.VaultNames?.join(', ') || 'every vault'}</dd>
        <dt>Resources</dt>
        <dd data-testid="hold-resources">{sel?.ResourceIdentifiers?.join(', ') || 'every resource'}</dd>
        <dt>Created between</dt>
        <dd>{sel?.DateRange ? `${formatTime(sel.DateRange.FromDate)} and ${formatTime(sel.DateRange.ToDate)}` : 'any time'}</dd>
        {h.CancellationDate && (
          <>
            <dt>Cancelled</dt>
            <dd>
              {formatTime(h.CancellationDate)}: {h.CancelDescription}
            </dd>
            <dt>Record kept until</dt>
            <dd>{formatTime(h.RetainRecordUntil)}</dd>
          </>
        )}
      </dl>
      <h4>Recovery points held</h4>
      <HeldPoints holdId={holdId} />
    </section>
  );
}

function LegalHolds() {
  const { backup, params, setParams } = useConsole();
  const state = useLoad(() => allPages((NextToken) => backup.send(new ListLegalHoldsCommand({ NextToken, MaxResults: 100 })), (page) => page.LegalHolds), [backup]);
  const selected = params.get('hold') ?? undefined;
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading what="legal holds" />;
  return (
    <div class="split">
      <table class="grid" data-testid="legal-holds">
        <thead>
          <tr>
            <th>Title</th>
            <th>Status</th>
            <th>Created</th>
            <th>Cancelled</th>
          </tr>
        </thead>
        <tbody>
          {state.data.map((h) => (
            <tr key={h.LegalHoldId} data-key={h.LegalHoldId} class={h.LegalHoldId === selected ? 'selected' : undefined} onClick={() => setParams({ hold: h.LegalHoldId })}>
              <td>{h.Title}</td>
              <td class={`state-${h.Status}`}>{h.Status}</td>
              <td>{formatTime(h.CreationDate)}</td>
              <td>{formatTime(h.CancellationDate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {state.data.length === 0 && <Empty>No legal holds in this account and Region.</Empty>}
      {selected && <HoldDetail holdId={selected} />}
    </div>
  );
}

export const legalHoldsView: ConsoleView = { id: 'legal-holds', title: 'Legal holds', Component: LegalHolds };
