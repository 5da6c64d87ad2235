/**
 * The plan scheduler built directly (no HTTP) with a recording BackupStarter and an in-memory
 * resource catalog: which firings happen, at which instants, for which resources.
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import type { BackupRuleInput, BackupSelection } from '@aws-sdk/client-backup';
import type { Clock } from '../../src/clock/clock.js';
import type { Engine } from '../../src/engine/engine.js';
import type { RequestContext } from '../../src/services/context.js';
import type { BackupStarter, CatalogResource, ScheduledBackupRequest } from '../../src/services/plans/contract.js';
import { testDeps } from '../helpers/deps.js';
import { buildPlans } from '../../src/services/plans/index.js';
import type { Handlers } from '../../src/services/registry.js';
import { VaultService } from '../../src/services/vaults/vault-service.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Scope } from '../../src/store/types.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const SCOPE: Scope = { accountId: '111111111111', region: 'us-east-1' };
const ROLE = 'arn:aws:iam::111111111111:role/BackupRole';
const VOL = (n: number): string => `arn:aws:ec2:us-east-1:111111111111:volume/vol-${n}`;

class RecordingStarter implements BackupStarter {
  readonly calls: { scope: Scope; request: ScheduledBackupRequest; clockAt: number }[] = [];
  /** Runs inside a start, as an API call racing with the firing would. */
  during: (() => Promise<unknown>) | undefined;
  constructor(private readonly clock: Clock) {}
  async startScheduledBackup(scope: Scope, request: ScheduledBackupRequest): Promise<void> {
    this.calls.push({ scope, request, clockAt: this.clock.nowMs() });
    const during = this.during;
    this.during = undefined;
    await during?.();
  }
}

interface Harness {
  clock: Clock;
  engine: Engine;
  store: SqliteStore;
  starter: RecordingStarter;
  resources: Map<string, CatalogResource[]>;
  handlers: Handlers;
  ctx(scope?: Scope): RequestContext;
}

function harness(): Harness {
  const deps = testDeps(T0);
  const { clock, engine, store } = deps;
  const starter = new RecordingStarter(clock);
  const resources = new Map<string, CatalogResource[]>();
  const catalog = { list: async (scope: Scope) => resources.get(`${scope.accountId}/${scope.region}`) ?? [] };
  const plans = buildPlans(deps, { starter, catalog });
  const handlers = { ...new VaultService(deps).handlers(), ...plans.handlers };
  return {
    clock,
    engine,
    store,
    starter,
    resources,
    handlers,
    ctx: (scope = SCOPE) => ({ ...scope, requestId: 'test', now: clock.now() }),
  };
}

describe('plan scheduler', () => {
  let h: Harness;
  beforeEach(() => (h = harness()));
  after(async () => h.store.close());

  const setUp = async (rules: BackupRuleInput[], selection: Partial<BackupSelection> = { Resources: ['*'] }, scope = SCOPE) => {
    const ctx = h.ctx(scope);
    await h.handlers.CreateBackupVault!({ BackupVaultName: 'vault1' }, ctx).catch(() => undefined);
    const plan = await h.handlers.CreateBackupPlan!({ BackupPlan: { BackupPlanName: 'p', Rules: rules } }, ctx);
    const sel = await h.handlers.CreateBackupSelection!(
      { BackupPlanId: plan.BackupPlanId, BackupSelection: { SelectionName: 's', IamRoleArn: ROLE, ...selection } },
      ctx,
    );
    return { planId: plan.BackupPlanId!, planArn: plan.BackupPlanArn!, versionId: plan.VersionId!, selectionId: sel.SelectionId! };
  };
  const instants = (): string[] => h.starter.calls.map((c) => new Date(c.request.scheduledAt).toISOString());

  it('fires a daily rule exactly 30 times over 30 days, each at its own instant', async () => {
    h.resources.set('111111111111/us-east-1', [{ arn: VOL(1), tags: {} }]);
    await setUp([{ RuleName: 'daily', TargetBackupVaultName: 'vault1', ScheduleExpression: 'cron(0 5 ? * * *)' }]);
    await h.engine.advanceTo(T0 + 30 * DAY);
    assert.equal(h.starter.calls.length, 30);
    assert.deepEqual(instants(), Array.from({ length: 30 }, (_, i) => new Date(T0 + i * DAY + 5 * HOUR).toISOString()));
    // The engine moved the clock to each firing: the starter saw "now" equal to the scheduled time.
    for (const c of h.starter.calls) assert.equal(c.clockAt, c.request.scheduledAt);
    assert.equal(h.clock.nowMs(), T0 + 30 * DAY);
    // Advancing again in small steps fires nothing twice.
    await h.engine.advanceTo(T0 + 30 * DAY + 5 * HOUR - 1);
    assert.equal(h.starter.calls.length, 30);
    await h.engine.advanceTo(T0 + 30 * DAY + 5 * HOUR);
    assert.equal(h.starter.calls.length, 31);
  });

  it('passes everything a backup job needs, and records the last execution', async () => {
    h.resources.set('111111111111/us-east-1', [{ arn: VOL(1), tags: {} }]);
    const copy = { DestinationBackupVaultArn: 'arn:aws:backup:us-west-2:111111111111:backup-vault:dr', Lifecycle: { DeleteAfterDays: 90 } };
    const ids = await setUp([
      {
        RuleName: 'daily',
        TargetBackupVaultName: 'vault1',
        ScheduleExpression: 'cron(30 1 ? * * *)',
        StartWindowMinutes: 60,
        CompletionWindowMinutes: 120,
        Lifecycle: { DeleteAfterDays: 35 },
        RecoveryPointTags: { source: 'plan' },
        CopyActions: [copy],
      },
    ]);
    await h.engine.advanceTo(T0 + DAY);
    assert.equal(h.starter.calls.length, 1);
    const { scope, request } = h.starter.calls[0]!;
    assert.deepEqual(scope, SCOPE);
    const plan = await h.handlers.GetBackupPlan!({ BackupPlanId: ids.planId }, h.ctx());
    const ruleId = plan.BackupPlan!.Rules![0]!.RuleId!;
    const at = T0 + HOUR + 30 * 60_000;
    assert.deepEqual(request, {
      backupPlanId: ids.planId,
      backupPlanArn: ids.planArn,
      backupPlanName: 'p',
      backupPlanVersion: ids.versionId,
      backupRuleId: ruleId,
      backupRuleName: 'daily',
      backupRuleCron: 'cron(30 1 ? * * *)',
      backupRuleTimezone: 'Etc/UTC',
      backupSelectionId: ids.selectionId,
      backupVaultName: 'vault1',
      logicallyAirGappedVaultArn: undefined,
      resourceArn: VOL(1),
      iamRoleArn: ROLE,
      startWindowMinutes: 60,
      completionWindowMinutes: 120,
      lifecycle: { DeleteAfterDays: 35 },
      recoveryPointTags: { source: 'plan' },
      copyActions: [copy],
      enableContinuousBackup: false,
      indexActions: undefined,
      advancedBackupSettings: undefined,
      scheduledAt: at,
      idempotencyKey: `${at}/${ids.planId}/${ruleId}/${VOL(1)}`,
    });
    assert.deepEqual(plan.LastExecutionDate, new Date(at));
  });

  it('fires in the rule time zone, keeping local time across a DST change', async () => {
    h.resources.set('111111111111/us-east-1', [{ arn: VOL(1), tags: {} }]);
    // Start on 1 March; New York springs forward on 8 March (EST -5 to EDT -4).
    await h.engine.advanceTo(Date.parse('2026-03-01T00:00:00Z'));
    await setUp([{ RuleName: 'ny', TargetBackupVaultName: 'vault1', ScheduleExpression: 'cron(0 5 ? * * *)', ScheduleExpressionTimezone: 'America/New_York' }]);
    await h.engine.advanceTo(Date.parse('2026-03-11T00:00:00Z'));
    assert.deepEqual(instants(), [
      ...['01', '02', '03', '04', '05', '06', '07'].map((d) => `2026-03-${d}T10:00:00.000Z`),
      ...['08', '09', '10'].map((d) => `2026-03-${d}T09:00:00.000Z`),
    ]);
  });

  it('skips a local time that a spring-forward change removes, and runs a repeated one once', async () => {
    h.resources.set('111111111111/us-east-1', [{ arn: VOL(1), tags: {} }]);
    await h.engine.advanceTo(Date.parse('2026-03-06T00:00:00Z'));
    await setUp([{ RuleName: 'gap', TargetBackupVaultName: 'vault1', ScheduleExpression: 'cron(30 2 ? * * *)', ScheduleExpressionTimezone: 'America/New_York' }]);
    await h.engine.advanceTo(Date.parse('2026-03-11T00:00:00Z'));
    assert.deepEqual(instants(), ['2026-03-06T07:30:00.000Z', '2026-03-07T07:30:00.000Z', '2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z']);
    h.starter.calls.length = 0;
    await h.engine.advanceTo(Date.parse('2026-10-31T00:00:00Z'));
    h.starter.calls.length = 0;
    const ctx = h.ctx();
    const plan = await h.handlers.CreateBackupPlan!(
      { BackupPlan: { BackupPlanName: 'fallback', Rules: [{ RuleName: 'hourly', TargetBackupVaultName: 'vault1', ScheduleExpression: 'cron(30 * ? * * *)', ScheduleExpressionTimezone: 'America/New_York' }] } },
      ctx,
    );
    await h.handlers.CreateBackupSelection!({ BackupPlanId: plan.BackupPlanId, BackupSelection: { SelectionName: 's', IamRoleArn: ROLE, Resources: [VOL(1)] } }, ctx);
    await h.engine.advanceTo(Date.parse('2026-11-01T09:00:00Z'));
    const fallback = h.starter.calls.filter((c) => c.request.backupPlanId === plan.BackupPlanId).map((c) => new Date(c.request.scheduledAt).toISOString());
    // 00:30 EDT, 01:30 EDT (not again at 01:30 EST), 02:30 EST, 03:30 EST on 1 November.
    assert.deepEqual(fallback.filter((x) => x >= '2026-11-01T04:00:00.000Z'), [
      '2026-11-01T04:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T07:30:00.000Z',
      '2026-11-01T08:30:00.000Z',
    ]);
  });

  it('fires two rules of one plan independently and in time order', async () => {
    h.resources.set('111111111111/us-east-1', [{ arn: VOL(1), tags: {} }]);
    // Start windows (8 hours) that never overlap: overlapping rules merge (see plan-overlap.test.ts).
    await setUp([
      { RuleName: 'daily', TargetBackupVaultName: 'vault1', ScheduleExpression: 'cron(0 5 ? * * *)' },
      { RuleName: 'weekly', TargetBackupVaultName: 'vault1', ScheduleExpression: 'cron(0 17 ? * SUN *)' },
    ]);
    await h.engine.advanceTo(T0 + 14 * DAY);
    const byRule = (name: string) => h.starter.calls.filter((c) => c.request.backupRuleName === name);
    assert.equal(byRule('daily').length, 14);
    assert.deepEqual(byRule('weekly').map((c) => new Date(c.request.scheduledAt).toISOString()), ['2026-01-04T17:00:00.000Z', '2026-01-11T17:00:00.000Z']);
    const times = h.starter.calls.map((c) => c.request.scheduledAt);
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
  });

  it('backs up only what the selections pick, each resource once per firing, evaluated at each firing', async () => {
    const key = '111111111111/us-east-1';
    h.resources.set(key, [
      { arn: VOL(1), tags: { backup: 'daily' } },
      { arn: VOL(2), tags: { backup: 'never' } },
      { arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/T', tags: { backup: 'daily' } },
    ]);
    const ids = await setUp([{ RuleName: 'daily', TargetBackupVaultName: 'vault1' }], {
      ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'daily' }],
      NotResources: ['arn:aws:dynamodb:*'],
    });
    await h.handlers.CreateBackupSelection!(
      { BackupPlanId: ids.planId, BackupSelection: { SelectionName: 's2', IamRoleArn: ROLE, Resources: [VOL(1)] } },
      h.ctx(),
    );
    await h.engine.advanceTo(T0 + DAY);
    assert.deepEqual(h.starter.calls.map((c) => c.request.resourceArn), [VOL(1)]);
    assert.equal(h.starter.calls[0]!.request.backupSelectionId, ids.selectionId);
    // A resource tagged later is picked up at the next firing.
    h.resources.get(key)!.push({ arn: VOL(3), tags: { backup: 'daily' } });
    await h.engine.advanceTo(T0 + 2 * DAY);
    assert.deepEqual(h.starter.calls.slice(1).map((c) => c.request.resourceArn), [VOL(1), VOL(3)]);
  });

  it('stops firing when the plan loses its selections or is deleted, and follows updates', async () => {
    h.resources.set('111111111111/us-east-1', [{ arn: VOL(1), tags: {} }]);
    const ids = await setUp([{ RuleName: 'daily', TargetBackupVaultName: 'vault1' }]);
    await h.engine.advanceTo(T0 + DAY);
    assert.equal(h.starter.calls.length, 1);
    const updated = await h.handlers.UpdateBackupPlan!(
      { BackupPlanId: ids.planId, BackupPlan: { BackupPlanName: 'p', Rules: [{ RuleName: 'daily', TargetBackupVaultName: 'vault1', ScheduleExpression: 'cron(0 12 ? * * *)' }] } },
      h.ctx(),
    );
    await h.engine.advanceTo(T0 + 2 * DAY);
    assert.equal(h.starter.calls.length, 2);
    assert.equal(h.starter.calls[1]!.request.scheduledAt, T0 + DAY + 12 * HOUR);
    assert.equal(h.starter.calls[1]!.request.backupPlanVersion, updated.VersionId);
    await h.handlers.DeleteBackupSelection!({ BackupPlanId: ids.planId, SelectionId: ids.selectionId }, h.ctx());
    await h.engine.advanceTo(T0 + 3 * DAY);
    assert.equal(h.starter.calls.length, 2);
    await h.handlers.DeleteBackupPlan!({ BackupPlanId: ids.planId }, h.ctx());
    assert.equal(await h.store.planSchedule.earliest(), undefined, 'a deleted plan leaves nothing scheduled');
  });

  it('lets an update made while a firing starts its backups decide the next firing', async () => {
    h.resources.set('111111111111/us-east-1', [{ arn: VOL(1), tags: {} }]);
    const ids = await setUp([{ RuleName: 'daily', TargetBackupVaultName: 'vault1' }]);
    h.starter.during = () =>
      h.handlers.UpdateBackupPlan!(
        { BackupPlanId: ids.planId, BackupPlan: { BackupPlanName: 'p', Rules: [{ RuleName: 'daily', TargetBackupVaultName: 'vault1', ScheduleExpression: 'cron(0 9 ? * * *)' }] } },
        h.ctx(),
      );
    await h.engine.advanceTo(T0 + 2 * DAY);
    // Not the old rule's 05:00 of the next day: the new version runs at 09:00, from that same day.
    assert.deepEqual(instants(), [T0 + 5 * HOUR, T0 + 9 * HOUR, T0 + DAY + 9 * HOUR].map((t) => new Date(t).toISOString()));
  });

  it('keeps accounts and regions apart', async () => {
    const west: Scope = { accountId: '111111111111', region: 'us-west-2' };
    h.resources.set('111111111111/us-east-1', [{ arn: VOL(1), tags: {} }]);
    h.resources.set('111111111111/us-west-2', [{ arn: 'arn:aws:ec2:us-west-2:111111111111:volume/vol-w', tags: {} }]);
    await setUp([{ RuleName: 'daily', TargetBackupVaultName: 'vault1' }], { Resources: ['*'] }, west);
    await h.engine.advanceTo(T0 + DAY);
    assert.deepEqual(h.starter.calls.map((c) => [c.scope.region, c.request.resourceArn]), [['us-west-2', 'arn:aws:ec2:us-west-2:111111111111:volume/vol-w']]);
  });

  it('catches up missed firings in order, each stamped with its own instant', async () => {
    h.resources.set('111111111111/us-east-1', [{ arn: VOL(1), tags: {} }]);
    await setUp([{ RuleName: 'daily', TargetBackupVaultName: 'vault1' }]);
    // As after a restart: the clock jumps without the engine, then the due work runs at once.
    h.clock.set(T0 + 3 * DAY);
    await h.engine.runDue();
    assert.deepEqual(instants(), [0, 1, 2].map((d) => new Date(T0 + d * DAY + 5 * HOUR).toISOString()));
  });
});
