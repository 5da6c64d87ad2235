/**
 * The Backup Audit Manager controls Holdfast knows, with their input parameters as AWS
 * documents them (developer guide "Controls and remediation" and the AWS Config managed rules
 * behind each control), and the checks a framework's controls must pass.
 */
import type { ControlInputParameter, ControlScope, FrameworkControl } from '@aws-sdk/client-backup';
import { invalidParameter } from '../../protocol/errors.js';
import { ACCOUNT_ID, REGION } from '../common/names.js';
import { MAX_DAYS } from '../common/time.js';

type ParamSpec =
  | { name: string; kind: 'int'; min: number; max: number; unitParam?: undefined }
  | { name: string; kind: 'int-by-unit'; unitParam: string; ranges: Record<string, [number, number]> }
  | { name: string; kind: 'enum'; values: string[] }
  | { name: string; kind: 'list'; item: RegExp; itemText: string; max: number };

export interface ControlSpec {
  name: string;
  params: ParamSpec[];
  /** Parameter defaults AWS applies when a parameter is left out. */
  defaults: Record<string, string>;
  /** AWS evaluates periodically (every 24 hours) or on configuration changes. */
  frequency: 'TwentyFour_Hours' | 'ConfigurationChanges';
}

const INT_DAYS_36500 = (name: string): ParamSpec => ({ name, kind: 'int', min: 1, max: MAX_DAYS });
const UNIT = (name: string): ParamSpec => ({ name, kind: 'enum', values: ['hours', 'days'] });

const CONTROL_LIST: ControlSpec[] = [
  { name: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', params: [], defaults: {}, frequency: 'TwentyFour_Hours' },
  {
    name: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
    params: [
      UNIT('requiredFrequencyUnit'),
      // "Maximum of 24 for hours, 31 for days" (AWS Config rule backup-plan-min-frequency-and-min-retention-check).
      { name: 'requiredFrequencyValue', kind: 'int-by-unit', unitParam: 'requiredFrequencyUnit', ranges: { hours: [1, 24], days: [1, 31] } },
      INT_DAYS_36500('requiredRetentionDays'),
    ],
    defaults: { requiredFrequencyUnit: 'days', requiredFrequencyValue: '1', requiredRetentionDays: '35' },
    frequency: 'ConfigurationChanges',
  },
  {
    name: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK',
    params: [INT_DAYS_36500('requiredRetentionDays')],
    defaults: { requiredRetentionDays: '35' },
    frequency: 'ConfigurationChanges',
  },
  { name: 'BACKUP_RECOVERY_POINT_ENCRYPTED', params: [], defaults: {}, frequency: 'ConfigurationChanges' },
  {
    name: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
    // "The ARNs of up to five IAM roles allowed to manually delete recovery points."
    params: [{ name: 'principalArnList', kind: 'list', item: /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/, itemText: 'an IAM role ARN', max: 5 }],
    defaults: {},
    frequency: 'ConfigurationChanges',
  },
  {
    name: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
    params: [INT_DAYS_36500('minRetentionDays'), INT_DAYS_36500('maxRetentionDays')],
    defaults: {},
    frequency: 'TwentyFour_Hours',
  },
  {
    name: 'BACKUP_LAST_RECOVERY_POINT_CREATED',
    // "Values of hours can range from 1 to 744. Value of days can range from 1 to 31."
    params: [
      UNIT('recoveryPointAgeUnit'),
      { name: 'recoveryPointAgeValue', kind: 'int-by-unit', unitParam: 'recoveryPointAgeUnit', ranges: { hours: [1, 744], days: [1, 31] } },
    ],
    defaults: { recoveryPointAgeUnit: 'days', recoveryPointAgeValue: '1' },
    frequency: 'TwentyFour_Hours',
  },
  {
    name: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION',
    // AWS names no limit on the Regions; Holdfast takes up to 30.
    params: [{ name: 'crossRegionList', kind: 'list', item: REGION, itemText: 'a Region name such as us-west-2', max: 30 }],
    defaults: {},
    frequency: 'TwentyFour_Hours',
  },
  {
    name: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT',
    // "You can add up to 5 accounts for the control to evaluate."
    params: [{ name: 'crossAccountList', kind: 'list', item: ACCOUNT_ID, itemText: 'a 12-digit account ID', max: 5 }],
    defaults: {},
    frequency: 'TwentyFour_Hours',
  },
  {
    name: 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET',
    // Minutes; AWS names no upper bound, Holdfast takes up to 30 days.
    params: [{ name: 'maxRestoreTime', kind: 'int', min: 1, max: 43200 }],
    defaults: {},
    frequency: 'TwentyFour_Hours',
  },
  {
    name: 'RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT',
    // "Values of hours can be within 24 to 2184 inclusive. Values of days can be within 1 to 91 inclusive."
    params: [
      UNIT('recoveryPointAgeUnit'),
      { name: 'recoveryPointAgeValue', kind: 'int-by-unit', unitParam: 'recoveryPointAgeUnit', ranges: { hours: [24, 2184], days: [1, 91] } },
    ],
    defaults: { recoveryPointAgeUnit: 'days', recoveryPointAgeValue: '1' },
    frequency: 'TwentyFour_Hours',
  },
];

export const CONTROLS: ReadonlyMap<string, ControlSpec> = new Map(CONTROL_LIST.map((c) => [c.name, c]));

/** AWS Backup's resource type names, usable in ControlScope.ComplianceResourceTypes. */
export const BACKUP_RESOURCE_TYPES = new Set([
  'Aurora', 'CloudFormation', 'DocumentDB', 'DynamoDB', 'EBS', 'EC2', 'EFS', 'FSx', 'Neptune', 'RDS', 'Redshift',
  'Redshift Serverless', 'S3', 'SAP HANA on Amazon EC2', 'Storage Gateway', 'Timestream', 'VirtualMachine', 'EKS',
]);
/** AWS Config resource types (AWS::Backup::BackupVault, AWS::Backup::RecoveryPoint, ...) are accepted too. */
const CONFIG_TYPE = /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/;

/** The control's parameters with AWS's defaults filled in, by name. */
export function effectiveParameters(control: FrameworkControl): Record<string, string> {
  const spec = CONTROLS.get(control.ControlName ?? '');
  const values: Record<string, string> = { ...(spec?.defaults ?? {}) };
  for (const p of control.ControlInputParameters ?? []) if (p.ParameterName) values[p.ParameterName] = (p.ParameterValue ?? '').trim();
  return values;
}

export function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function checkParameters(where: string, spec: ControlSpec, params: ControlInputParameter[]): void {
  const seen = new Set<string>();
  for (const p of params) {
    const name = p.ParameterName;
    if (!name) throw invalidParameter(`${where}: every ControlInputParameter needs a ParameterName.`);
    if (seen.has(name)) throw invalidParameter(`${where}: parameter '${name}' is given twice.`);
    seen.add(name);
    if (!spec.params.some((s) => s.name === name)) {
      const known = spec.params.map((s) => s.name);
      throw invalidParameter(
        `${where}: control ${spec.name} has no parameter '${name}'. ${known.length ? `Its parameters are: ${known.join(', ')}.` : 'It takes no parameters.'}`,
      );
    }
    if (p.ParameterValue === undefined || p.ParameterValue.trim() === '') throw invalidParameter(`${where}: parameter '${name}' needs a ParameterValue.`);
  }
  const values = effectiveParameters({ ControlName: spec.name, ControlInputParameters: params });
  for (const s of spec.params) {
    const raw = values[s.name];
    if (raw === undefined) continue;
    const bad = (what: string): never => {
      throw invalidParameter(`${where}: invalid value '${raw}' for parameter '${s.name}' of ${spec.name}: ${what}.`);
    };
    switch (s.kind) {
      case 'enum':
        if (!s.values.includes(raw)) bad(`use one of ${s.values.join(', ')}`);
        break;
      case 'int': {
        if (!/^\d+$/.test(raw) || Number(raw) < s.min || Number(raw) > s.max) bad(`use a whole number from ${s.min} to ${s.max}`);
        break;
      }
      case 'int-by-unit': {
        const unit = values[s.unitParam] ?? '';
        const range = s.ranges[unit];
        if (!range) break; // the unit itself is reported by its own check
        if (!/^\d+$/.test(raw) || Number(raw) < range[0] || Number(raw) > range[1]) {
          bad(`with ${s.unitParam} '${unit}' use a whole number from ${range[0]} to ${range[1]}`);
        }
        break;
      }
      case 'list': {
        const items = splitList(raw);
        if (items.length === 0) bad('give a comma-separated list');
        if (items.length > s.max) bad(`give at most ${s.max} comma-separated values`);
        for (const item of items) if (!s.item.test(item)) bad(`'${item}' is not ${s.itemText}`);
        break;
      }
    }
  }
  if (spec.name === 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK') {
    const min = values.minRetentionDays;
    const max = values.maxRetentionDays;
    if (min !== undefined && max !== undefined && Number(min) > Number(max)) {
      throw invalidParameter(`${where}: minRetentionDays (${min}) cannot be greater than maxRetentionDays (${max}).`);
    }
  }
}

function checkScope(where: string, scope: ControlScope): void {
  const tags = Object.entries(scope.Tags ?? {});
  // "A maximum of one key-value pair can be provided."
  if (tags.length > 1) throw invalidParameter(`${where}: ControlScope.Tags accepts at most one key-value pair; got ${tags.length}.`);
  for (const [key] of tags) if (key.length < 1 || key.length > 128) throw invalidParameter(`${where}: ControlScope.Tags key must be 1 to 128 characters long.`);
  const types = scope.ComplianceResourceTypes ?? [];
  for (const type of types) {
    if (!BACKUP_RESOURCE_TYPES.has(type) && !CONFIG_TYPE.test(type)) {
      throw invalidParameter(
        `${where}: unknown resource type '${type}' in ControlScope.ComplianceResourceTypes. Use AWS Backup resource types such as ${[...BACKUP_RESOURCE_TYPES].slice(0, 8).join(', ')}, or AWS Config types such as AWS::Backup::BackupVault.`,
      );
    }
  }
  const ids = scope.ComplianceResourceIds;
  if (ids !== undefined) {
    if (ids.length < 1 || ids.length > 100) throw invalidParameter(`${where}: ControlScope.ComplianceResourceIds must hold 1 to 100 resource IDs.`);
    // AWS: a scope is "a combination of one resource type and one resource ID"; stricter reading: IDs need exactly one type.
    if (types.length !== 1) {
      throw invalidParameter(`${where}: ControlScope.ComplianceResourceIds needs exactly one entry in ControlScope.ComplianceResourceTypes.`);
    }
    if (tags.length > 0) throw invalidParameter(`${where}: ControlScope cannot combine ComplianceResourceIds with Tags.`);
  }
}

/** Checks every control of a framework: known names, parameters, scope. */
export function validateControls(controls: FrameworkControl[]): void {
  if (controls.length === 0) throw invalidParameter('FrameworkControls must contain at least one control.');
  controls.forEach((control, i) => {
    const where = `FrameworkControls[${i}]`;
    const spec = CONTROLS.get(control.ControlName ?? '');
    if (!spec) {
      throw invalidParameter(`${where}: unknown control name '${control.ControlName}'. Known controls: ${[...CONTROLS.keys()].join(', ')}.`);
    }
    checkParameters(where, spec, control.ControlInputParameters ?? []);
    if (control.ControlScope) checkScope(where, control.ControlScope);
  });
}
