import { boto3Scenario } from '../helpers/boto3-scenario.js';

boto3Scenario(
  'boto3 end to end: composite backups',
  'backs up a stack, lists the children, disassociates one, copies across regions and deletes',
  'test/composite/e2e/boto3_composite.py',
);
