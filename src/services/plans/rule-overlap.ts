/**
 * AWS: "If you have a backup plan with multiple rules and the time frames of the two rules
 * overlap, AWS Backup optimizes the backup and takes a backup for the rule with the longer
 * retention time. The optimization takes into account the full start window, not just when the
 * daily backup is taken." (Backup plan options and configuration.)
 *
 * A firing of a rule is skipped when another snapshot rule of the same plan has a firing whose
 * start window [fire, fire + StartWindowMinutes) overlaps this one's and that rule wins: longer
 * retention (no DeleteAfterDays is the longest), then, for equal retention, the earlier firing,
 * then the earlier rule in the plan (AWS "selects one"; this is Holdfast's deterministic pick).
 * Continuous (point-in-time) rules never merge with snapshot rules. Pure: no I/O.
 */
import type { BackupRule } from '@aws-sdk/client-backup';
import { nextFireAfter } from './cron.js';
import { cronOf } from './plan-repository.js';
import { MINUTE_MS } from '../common/time.js';

const retentionDays = (rule: BackupRule): number => rule.Lifecycle?.DeleteAfterDays ?? Infinity;

/** The first firing of rule in the open interval (fromMs, toMs), if any. */
function firingWithin(rule: BackupRule, fromMs: number, toMs: number): number | undefined {
  const next = nextFireAfter(cronOf(rule.ScheduleExpression!), fromMs, rule.ScheduleExpressionTimezone);
  return next !== undefined && next < toMs ? next : undefined;
}

/** The rule whose overlapping firing wins over this firing of `rule`, or undefined when this firing runs. */
export function supersedingRule(rules: BackupRule[], rule: BackupRule, firedAt: number): BackupRule | undefined {
  const window = rule.StartWindowMinutes! * MINUTE_MS;
  const index = rules.indexOf(rule);
  for (const [i, other] of rules.entries()) {
    if (other === rule || (other.EnableContinuousBackup === true) !== (rule.EnableContinuousBackup === true)) continue;
    if (rule.EnableContinuousBackup === true) continue;
    const otherWindow = other.StartWindowMinutes! * MINUTE_MS;
    // Windows [a, a+wa) and [b, b+wb) overlap when b is in (a - wb, a + wa).
    const fire = firingWithin(other, firedAt - otherWindow, firedAt + window);
    if (fire === undefined) continue;
    const mine = retentionDays(rule);
    const theirs = retentionDays(other);
    if (theirs > mine) return other;
    if (theirs === mine && (fire < firedAt || (fire === firedAt && i < index))) return other;
  }
  return undefined;
}
