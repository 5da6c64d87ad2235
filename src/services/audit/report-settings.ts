/**
 * Checks of a report plan's delivery channel and report setting, and the resolution of the
 * accounts and Regions a report covers.
 */
import type { ReportDeliveryChannel, ReportSetting } from '@aws-sdk/client-backup';
import { invalidParameter } from '../../protocol/errors.js';
import type { Scope } from '../../store/types.js';
import { OU_ID, Organization, type OrganizationRecord } from '../organization/organization.js';
import { ACCOUNT_ID, REGION } from '../common/names.js';
import {
  COMPLIANCE_TEMPLATES,
  JOB_TEMPLATES,
  type ReportDelivery,
  type ReportFormat,
  type ReportSettingRecord,
  type ReportTemplate,
} from './records.js';

export const BUCKET_NAME = /^(?!.*\.\.)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ALL_REGIONS = '*';
const ROOT = 'ROOT';

export const isComplianceTemplate = (t: string): boolean => (COMPLIANCE_TEMPLATES as readonly string[]).includes(t);

export function checkDelivery(channel: ReportDeliveryChannel): ReportDelivery {
  const bucket = channel.S3BucketName!;
  if (!BUCKET_NAME.test(bucket)) {
    throw invalidParameter(
      `Invalid S3BucketName '${bucket}': an S3 bucket name has 3 to 63 lowercase letters, numbers, dots and hyphens, and starts and ends with a letter or number.`,
    );
  }
  const prefix = channel.S3KeyPrefix;
  if (prefix !== undefined) {
    if (prefix.length > 512) throw invalidParameter('S3KeyPrefix must be at most 512 characters long.');
    if (prefix.startsWith('/') || prefix.includes('//')) throw invalidParameter(`Invalid S3KeyPrefix '${prefix}': it may not start with '/' or contain '//'.`);
  }
  // Kept as sent: DescribeReportPlan echoes no Formats when none were sent (docs/audit.md); reports are then CSV.
  const formats = channel.Formats === undefined || channel.Formats.length === 0 ? undefined : channel.Formats;
  for (const f of formats ?? []) if (f !== 'CSV' && f !== 'JSON') throw invalidParameter(`Invalid report format '${f}': use CSV, JSON or both.`);
  if (formats && new Set(formats).size !== formats.length) throw invalidParameter('Formats lists the same format twice.');
  return { bucket, prefix: prefix === '' ? undefined : prefix, formats: formats as ReportFormat[] | undefined };
}

/** The formats a plan's reports are written in: those sent, else AWS's default, CSV. */
export const reportFormats = (delivery: ReportDelivery): ReportFormat[] => delivery.formats ?? ['CSV'];

export interface SettingContext {
  caller: Scope;
  organization: OrganizationRecord | undefined;
  /** Whether a framework ARN names an existing framework of the caller's account that is not being deleted. */
  frameworkExists(arn: string): Promise<boolean>;
}

function list(values: string[] | undefined): string[] | undefined {
  return values === undefined || values.length === 0 ? undefined : [...values];
}

export async function checkSetting(setting: ReportSetting, delivery: ReportDelivery, c: SettingContext): Promise<ReportSettingRecord> {
  const template = setting.ReportTemplate!;
  if (!isComplianceTemplate(template) && !(JOB_TEMPLATES as readonly string[]).includes(template)) {
    throw invalidParameter(`Invalid ReportTemplate '${template}'. Valid templates: ${[...COMPLIANCE_TEMPLATES, ...JOB_TEMPLATES].join(', ')}.`);
  }
  const frameworkArns = list(setting.FrameworkArns);
  const accounts = list(setting.Accounts);
  const ous = list(setting.OrganizationUnits);
  const regions = list(setting.Regions);
  if (setting.NumberOfFrameworks !== undefined && setting.NumberOfFrameworks !== (frameworkArns?.length ?? 0)) {
    throw invalidParameter(`NumberOfFrameworks is ${setting.NumberOfFrameworks} but FrameworkArns names ${frameworkArns?.length ?? 0}; leave it out or make them agree.`);
  }
  if (frameworkArns) {
    if (!isComplianceTemplate(template)) {
      throw invalidParameter(`The ${template} template takes no FrameworkArns; frameworks apply to compliance report templates.`);
    }
    if (new Set(frameworkArns).size !== frameworkArns.length) throw invalidParameter('FrameworkArns names the same framework twice.');
    for (const arn of frameworkArns) {
      if (!(await c.frameworkExists(arn))) throw invalidParameter(`Framework ${arn} does not exist in account ${c.caller.accountId} (or is being deleted).`);
    }
    // AWS refuses frameworks in a multi-account report ("you cannot specify a framework", issue
    // 32235 of the Terraform provider); its text names Regions too, so (stricter reading) a
    // report over named frameworks takes none of the three. Without FrameworkArns, a compliance
    // report covers every framework of its accounts and Regions (docs/audit.md).
    if (accounts || ous || regions) {
      // AWS's text for a compliance report with frameworks and Accounts, OrganizationUnits or Regions (docs/error-messages.md).
      throw invalidParameter('Invalid parameter: For multi-account, multi-Region reports, use Accounts, OrganizationUnits and Regions');
    }
    return { template: template as ReportTemplate, frameworkArns };
  }
  for (const a of accounts ?? []) if (a !== ROOT && !ACCOUNT_ID.test(a)) throw invalidParameter(`Invalid account '${a}' in Accounts: use 12-digit account IDs, or ROOT for every account of the organization.`);
  for (const o of ous ?? []) if (!OU_ID.test(o)) throw invalidParameter(`Invalid organizational unit '${o}' in OrganizationUnits: use OU IDs such as ou-ab12-cd34ef56.`);
  for (const r of regions ?? []) if (r !== ALL_REGIONS && !REGION.test(r)) throw invalidParameter(`Invalid Region '${r}' in Regions: use Region names such as us-west-2, or * for every Region.`);
  const others = (accounts ?? []).filter((a) => a !== c.caller.accountId);
  if (others.length > 0 || ous) {
    const org = c.organization;
    if (!Organization.isAdministrator(org, c.caller.accountId)) {
      throw invalidParameter(
        org
          ? `Only the organization's management account (${org.managementAccountId}) or a delegated administrator can create reports that name other accounts or organizational units; account ${c.caller.accountId} is neither.`
          : `Account ${c.caller.accountId} cannot create reports that name other accounts or organizational units: no organization is declared (PUT /_holdfast/organization).`,
      );
    }
    const members = new Set(Organization.allAccounts(org!));
    for (const a of others) if (a !== ROOT && !members.has(a)) throw invalidParameter(`Account ${a} in Accounts is not a member of the organization.`);
    for (const o of ous ?? []) {
      if (!org!.organizationalUnits.some((u) => u.id === o)) throw invalidParameter(`Organizational unit ${o} does not exist in the organization.`);
    }
  }
  const record: ReportSettingRecord = { template: template as ReportTemplate, accounts, organizationUnits: ous, regions };
  if (reportFormats(delivery).includes('JSON')) {
    const scope = coverage(record, c.caller, c.organization);
    // AWS: JSON is offered only when the report is for the current account and current Region.
    if (scope.accounts.length !== 1 || scope.accounts[0] !== c.caller.accountId || scope.regions === 'ALL' || scope.regions.length !== 1 || scope.regions[0] !== c.caller.region) {
      throw invalidParameter('JSON reports are offered only for a single account and a single Region (your own); reports across accounts or Regions are delivered as CSV.');
    }
  }
  return record;
}

/**
 * The accounts and Regions a report covers (a job report, or a compliance report without
 * FrameworkArns), resolved against the organization as it is now.
 */
export function coverage(
  setting: ReportSettingRecord,
  owner: Scope,
  organization: OrganizationRecord | undefined,
): { accounts: string[]; regions: string[] | 'ALL' } {
  const accounts = new Set<string>();
  for (const a of setting.accounts ?? []) {
    if (a === ROOT) for (const m of organization ? Organization.allAccounts(organization) : [owner.accountId]) accounts.add(m);
    else accounts.add(a);
  }
  for (const o of setting.organizationUnits ?? []) for (const m of organization?.organizationalUnits.find((u) => u.id === o)?.accounts ?? []) accounts.add(m);
  if (!setting.accounts && !setting.organizationUnits) accounts.add(owner.accountId);
  const regions = setting.regions ? (setting.regions.includes(ALL_REGIONS) ? 'ALL' : [...new Set(setting.regions)]) : [owner.region];
  return { accounts: [...accounts], regions };
}
