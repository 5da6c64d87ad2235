/** --organization FILE declares the organization at start-up; --s3-endpoint options are checked. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CreateReportPlanCommand } from '@aws-sdk/client-backup';
import { startHoldfast } from '../../src/app.js';
import { main } from '../../src/cli/main.js';
import { startTestServer } from '../helpers/server.js';

const MGMT = '100000000001';
const MEMBER = '100000000002';

describe('organization file and S3 options at start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-org-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('declares the organization from --organization FILE, as PUT /_holdfast/organization would', async () => {
    const file = join(dir, 'org.json');
    const org = { managementAccountId: MGMT, delegatedAdministrators: [], accounts: [MEMBER], organizationalUnits: [{ id: 'ou-ab12-cd34ef56', name: 'Prod', accounts: ['100000000003'] }] };
    writeFileSync(file, JSON.stringify(org));
    const t = await startTestServer({ organizationFile: file });
    try {
      assert.deepEqual((await t.admin('GET', '/organization')).json, { organization: org });
      const out = await t.clientFor(MGMT).send(
        new CreateReportPlanCommand({ ReportPlanName: 'Org', ReportDeliveryChannel: { S3BucketName: 'reports' }, ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT', Accounts: [MEMBER], OrganizationUnits: ['ou-ab12-cd34ef56'] } }),
      );
      assert.match(out.ReportPlanArn!, /:report-plan:Org-/);
      // A reset declares the file's organization again.
      await t.admin('POST', '/reset');
      assert.deepEqual((await t.admin('GET', '/organization')).json, { organization: org });
    } finally {
      await t.close();
    }
  });

  it('refuses to start with an organization file that is missing or wrong, saying what is wrong', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ accounts: [MEMBER] }));
    await assert.rejects(startHoldfast({ port: 0, inMemory: true, organizationFile: bad }), /--organization: .*bad\.json: "managementAccountId" is required/);
    await assert.rejects(startHoldfast({ port: 0, inMemory: true, organizationFile: join(dir, 'none.json') }), /--organization: cannot read .*none\.json as JSON/);
  });

  it('checks the --s3-endpoint options before starting', async () => {
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => errors.push(String(chunk)) > 0);
    const saved = { ...process.env };
    for (const k of ['HOLDFAST_S3_ACCESS_KEY_ID', 'HOLDFAST_S3_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) delete process.env[k];
    try {
      assert.equal(await main(['serve', '--in-memory', '--s3-access-key-id', 'k']), 2);
      assert.equal(await main(['serve', '--in-memory', '--s3-endpoint', 'not a url']), 2);
      assert.equal(await main(['serve', '--in-memory', '--s3-endpoint', 'http://127.0.0.1:9']), 2);
    } finally {
      process.stderr.write = write;
      Object.assign(process.env, saved);
    }
    assert.deepEqual(errors, [
      "holdfast: --s3-access-key-id needs --s3-endpoint (see 'holdfast --help')\n",
      "holdfast: --s3-endpoint must be a URL such as http://127.0.0.1:9000, not 'not a url' (see 'holdfast --help')\n",
      "holdfast: --s3-endpoint needs credentials: give --s3-access-key-id and --s3-secret-access-key, or set HOLDFAST_S3_ACCESS_KEY_ID and HOLDFAST_S3_SECRET_ACCESS_KEY (see 'holdfast --help')\n",
    ]);
  });
});
