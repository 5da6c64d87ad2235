import { boto3Scenario } from '../helpers/boto3-scenario.js';

boto3Scenario(
  'legal holds with boto3, end to end',
  'holds a vault over a date range, survives the lifecycle, and lets go once cancelled',
  'test/legal-holds/e2e/boto3_legal_holds.py',
);
