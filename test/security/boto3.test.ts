/** --strict through boto3 (test/security/e2e/boto3_strict.py). */
import { fileURLToPath } from 'node:url';
import { boto3Scenario } from '../helpers/boto3-scenario.js';
import { CREDENTIALS } from './signing.js';

boto3Scenario('strict mode through boto3', 'lets listed keys in, refuses the rest, and takes a presigned URL', fileURLToPath(new URL('./e2e/boto3_strict.py', import.meta.url)), {
  server: { credentials: CREDENTIALS, strict: true },
});
