import { boto3Scenario } from '../helpers/boto3-scenario.js';

boto3Scenario('boto3 end to end: backup plans', 'a daily plan with a lifecycle and a cross-region copy, over 40 days', 'test/plans/e2e/boto3_plans.py');
