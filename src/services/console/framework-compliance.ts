/**
 * GET /_holdfast/console/framework-compliance?frameworkName=...: each control's compliance now,
 * the rows a CONTROL_COMPLIANCE_REPORT would write at this instant (audit/compliance-report.ts,
 * over the audit domain's own evaluators), with the reason of any control not evaluated.
 */
import type { Scope } from '../../store/types.js';
import type { AuditService } from '../audit/audit-service.js';
import { complianceRows } from '../audit/compliance-report.js';

export async function frameworkCompliance(audit: AuditService, scope: Scope, name: string, nowMs: number) {
  const framework = await audit.frameworks.requireFramework(scope, name);
  const notes: string[] = [];
  const controls = [];
  for await (const row of complianceRows('CONTROL_COMPLIANCE_REPORT', [{ scope, framework }], audit.evaluators, nowMs, notes)) {
    controls.push({
      controlName: row.controlName,
      status: row.controlComplianceStatus,
      resourcesCompliant: row.numResourcesCompliant,
      resourcesNonCompliant: row.numResourcesNonCompliant,
    });
  }
  return { frameworkName: framework.name, evaluatedAt: new Date(nowMs).toISOString(), controls, notes };
}
