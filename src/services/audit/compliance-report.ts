/** The rows of CONTROL_COMPLIANCE_REPORT and RESOURCE_COMPLIANCE_REPORT, from the evaluators. */
import { CONTROLS, effectiveParameters } from './controls.js';
import { controlStatus, type ComplianceEvaluators } from './compliance.js';
import type { FrameworkService } from './framework-service.js';
import type { ReportRow } from './job-source.js';
import type { Scope } from '../../store/types.js';
import type { FrameworkRecord, ReportSettingRecord, ReportTemplate } from './records.js';

type CoveredFramework = { scope: Scope; framework: FrameworkRecord };

/**
 * The frameworks a compliance report covers: those its FrameworkArns name (a deleted one is left
 * out with a note) or, without FrameworkArns, every framework of the accounts and Regions it
 * covers (coverage(): its Accounts, OrganizationUnits and Regions, by default the plan's own).
 */
export async function coveredFrameworks(
  setting: ReportSettingRecord,
  frameworks: FrameworkService,
  covers: { accounts: string[]; regions: string[] | 'ALL' },
  notes: string[],
): Promise<CoveredFramework[]> {
  if (!setting.frameworkArns) {
    const all = await frameworks.frameworksOf(covers.accounts, covers.regions);
    if (all.length === 0) notes.push('No framework exists in the accounts and Regions this report covers.');
    return all;
  }
  const named: CoveredFramework[] = [];
  for (const arn of setting.frameworkArns) {
    const found = await frameworks.frameworkByArn(arn);
    if (!found || found.framework.deploymentStatus === 'DELETE_IN_PROGRESS') notes.push(`Framework ${arn} no longer exists and was left out.`);
    else named.push(found);
  }
  return named;
}

export async function* complianceRows(
  template: ReportTemplate,
  covered: CoveredFramework[],
  evaluators: ComplianceEvaluators,
  atMs: number,
  notes: string[],
): AsyncGenerator<ReportRow> {
  const evaluatedAt = new Date(atMs).toISOString();
  for (const found of covered) {
    const { scope, framework } = found;
    const base = { accountId: scope.accountId, region: scope.region, frameworkName: framework.name, frameworkDescription: framework.description ?? '' };
    for (const control of framework.controls) {
      const result = await evaluators.evaluate(scope, control, atMs);
      if (!result.evaluated) notes.push(result.reason);
      if (template === 'CONTROL_COMPLIANCE_REPORT') {
        const resources = result.evaluated ? result.resources : [];
        const explicit = control.ControlInputParameters?.length ? effectiveParameters(control) : undefined;
        const frequency = CONTROLS.get(control.ControlName ?? '')?.frequency;
        yield {
          ...base,
          controlName: control.ControlName,
          controlComplianceStatus: controlStatus(result),
          lastEvaluationTime: evaluatedAt,
          numResourcesCompliant: resources.filter((r) => r.status === 'COMPLIANT').length,
          numResourcesNonCompliant: resources.filter((r) => r.status === 'NON_COMPLIANT').length,
          controlFrequency: frequency === 'TwentyFour_Hours' ? frequency : '',
          controlScope: control.ControlScope ? JSON.stringify(control.ControlScope) : '',
          controlParameters: explicit ? JSON.stringify(explicit) : '',
        };
      } else if (result.evaluated) {
        for (const r of result.resources) {
          yield { ...base, controlName: control.ControlName, resourceId: r.resourceId, resourceType: r.resourceType, resourceComplianceStatus: r.status, lastEvaluationTime: evaluatedAt };
        }
      } else {
        // Not evaluated: one row says so, rather than leaving the control out silently.
        yield { ...base, controlName: control.ControlName, resourceId: '', resourceType: '', resourceComplianceStatus: 'INSUFFICIENT_DATA', lastEvaluationTime: evaluatedAt };
      }
    }
  }
}
