import { boto3Scenario } from '../helpers/boto3-scenario.js';

boto3Scenario(
  'boto3 end to end: organization-wide job report and compliance report',
  'reports the jobs of three accounts in two Regions, and compliance changing after a fix',
  'test/audit/e2e/boto3_audit.py',
);
