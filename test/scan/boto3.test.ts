import { boto3Scenario } from '../helpers/boto3-scenario.js';

boto3Scenario('boto3 end to end: malware scans from backup plans', 'a daily rule with INCREMENTAL_SCAN over two days', 'test/scan/e2e/boto3_plan_scans.py');
