import { boto3Scenario } from '../helpers/boto3-scenario.js';
import { pinnedBoto3 } from '../helpers/pinned-boto3.js';

/** The first boto3 whose botocore has the backup access point operations, installed with pip for this test. */
const BOTO3 = '1.43.107';

boto3Scenario(
  `backup access points with boto3 ${BOTO3}, end to end`,
  'creates, reads, lists and deletes access points; the recovery point waits for them',
  'test/access-points/e2e/boto3_access_points.py',
  { pinned: pinnedBoto3(BOTO3) },
);
