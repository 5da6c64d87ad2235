import { boto3Scenario } from '../helpers/boto3-scenario.js';

boto3Scenario('boto3 end to end: jobs', 'runs a backup, reads its recovery point and copies it across regions', 'test/jobs/e2e/boto3_jobs.py');
