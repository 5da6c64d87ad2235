/**
 * What recovery point outputs show of their malware scans: DescribeRecoveryPoint's ScanResults
 * (the latest ended scan per scanner) and the lists' AggregatedScanResult (over those).
 */
import type { ScanFinding, ScanResult } from '@aws-sdk/client-backup';
import type { ScanJobsStore } from '../../store/repos/scan-jobs-store.js';
import type { PointAnnotation, PointAnnotator } from '../recovery-points/annotations.js';
import type { ScanJobRecord } from './scan-job-record.js';

const findings = (j: ScanJobRecord): ScanFinding[] => (j.scanResult === 'THREATS_FOUND' ? ['MALWARE'] : []);

export function scanAnnotator(jobs: ScanJobsStore): PointAnnotator {
  return async (points) => {
    const out = new Map<string, PointAnnotation>();
    const first = points[0];
    if (!first) return out;
    // A page of recovery points is one account and Region.
    const ended = await jobs.endedForPoints<ScanJobRecord>(first, points.map((p) => p.arn));
    const latest = new Map<string, Map<string, ScanJobRecord>>();
    for (const j of ended) {
      let byScanner = latest.get(j.recoveryPointArn);
      if (!byScanner) latest.set(j.recoveryPointArn, (byScanner = new Map()));
      byScanner.set(j.malwareScanner, j); // creation order: the last one wins
    }
    for (const [arn, byScanner] of latest) {
      const last = [...byScanner.values()];
      const results: ScanResult[] = last.map((j) => ({
        MalwareScanner: j.malwareScanner as ScanResult['MalwareScanner'],
        ScanJobState: j.state as ScanResult['ScanJobState'],
        LastScanTimestamp: new Date(j.completionDate!),
        Findings: findings(j),
      }));
      out.set(arn, {
        ScanResults: results,
        AggregatedScanResult: {
          FailedScan: last.some((j) => j.state === 'FAILED'),
          Findings: [...new Set(last.flatMap(findings))],
          LastComputed: new Date(Math.max(...last.map((j) => j.completionDate!))),
        },
      });
    }
    return out;
  };
}
