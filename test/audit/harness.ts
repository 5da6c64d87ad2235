/** Shared helpers of the audit tests: CSV parsing, running a report job to completion, and the cross-account report suite. */
import assert from 'node:assert/strict';
import {
  CreateFrameworkCommand,
  CreateReportPlanCommand,
  DescribeReportJobCommand,
  StartReportJobCommand,
  type BackupClient,
  type FrameworkControl,
  type ReportJob,
} from '@aws-sdk/client-backup';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestServer } from '../helpers/server.js';
import { suiteServer, type SuiteServer } from '../helpers/suite.js';

/** Parses CSV as Holdfast writes it (quoted cells with doubled quotes, no newlines in cells). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.trimEnd().split('\n')) {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        cells.push(cell);
        cell = '';
      } else cell += ch;
    }
    cells.push(cell);
    rows.push(cells);
  }
  return rows;
}

/** CSV text as one object per row, keyed by the header. */
export function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

/** Starts a report job of the plan, runs the clock until it ends, and answers the job. */
export async function runReportJob(t: TestServer, client: BackupClient, planName: string) {
  const { ReportJobId } = await client.send(new StartReportJobCommand({ ReportPlanName: planName }));
  await t.advance(120);
  return (await client.send(new DescribeReportJobCommand({ ReportJobId }))).ReportJob!;
}

export interface ControlProbe {
  /** Runs a CONTROL_COMPLIANCE_REPORT and a RESOURCE_COMPLIANCE_REPORT of the one control. */
  evaluate(): Promise<{ status: string; compliant: number; nonCompliant: number; resources: Record<string, string> }>;
}

let probes = 0;

/**
 * A framework with one control and two report plans on it. `read(bucket, key)` reads a report
 * object. Each evaluation moves the clock by four minutes (two report jobs).
 */
export async function probeControl(
  t: TestServer,
  client: BackupClient,
  control: FrameworkControl,
  read: (bucket: string, key: string) => Promise<string>,
): Promise<ControlProbe> {
  const n = ++probes;
  const fw = await client.send(new CreateFrameworkCommand({ FrameworkName: `Probe${n}`, FrameworkControls: [control] }));
  await t.advance(60);
  const channel = { S3BucketName: 'reports', Formats: ['CSV'] };
  for (const template of ['CONTROL_COMPLIANCE_REPORT', 'RESOURCE_COMPLIANCE_REPORT']) {
    await client.send(
      new CreateReportPlanCommand({ ReportPlanName: `${template.split('_')[0]}${n}`, ReportDeliveryChannel: channel, ReportSetting: { ReportTemplate: template, FrameworkArns: [fw.FrameworkArn!] } }),
    );
  }
  const rowsOf = async (plan: string) => {
    const job = await runReportJob(t, client, plan);
    assert.equal(job.Status, 'COMPLETED', job.StatusMessage);
    return csvObjects(await read(job.ReportDestination!.S3BucketName!, job.ReportDestination!.S3Keys![0]!));
  };
  return {
    async evaluate() {
      const [ctl] = await rowsOf(`CONTROL${n}`);
      const res = await rowsOf(`RESOURCE${n}`);
      return {
        status: ctl!.controlComplianceStatus!,
        compliant: Number(ctl!.numResourcesCompliant),
        nonCompliant: Number(ctl!.numResourcesNonCompliant),
        resources: Object.fromEntries(res.filter((r) => r.resourceId !== '').map((r) => [r.resourceId!, r.resourceComplianceStatus!])),
      };
    },
  };
}

/** The organization of the cross-account report suites: management account, a member, and a member in an OU. */
export const MGMT = '100000000001';
export const A = '100000000002';
export const B = '100000000003';

/**
 * A report suite: a data folder, the `reports` bucket and the organization (MGMT, A, and B in
 * ou-ab12-cd34ef56) after each reset; `read` answers a report job's i-th delivered file.
 */
export function orgReportSuite(): { t: SuiteServer; read: (job: ReportJob, i?: number) => Promise<string> } {
  const t = suiteServer({
    dataDir: true,
    each: async (t) => {
      await t.admin('PUT', '/buckets/reports');
      await t.admin('PUT', '/organization', { managementAccountId: MGMT, accounts: [A], organizationalUnits: [{ id: 'ou-ab12-cd34ef56', accounts: [B] }] });
    },
  });
  const read = (job: ReportJob, i = 0) => readFile(join(t.dataDir, 's3', 'reports', ...job.ReportDestination!.S3Keys![i]!.split('/')), 'utf8');
  return { t, read };
}
