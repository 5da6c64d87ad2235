/** The delivery options of `holdfast serve`: a bad URL or missing credentials stop it with a message. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';

describe('serve delivery options', () => {
  it('refuses bad URLs and missing credentials before starting', async () => {
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => errors.push(String(chunk)) > 0);
    const saved = { ...process.env };
    for (const k of ['HOLDFAST_EVENT_LOG_MAX_ENTRIES', 'HOLDFAST_EVENTS_ACCESS_KEY_ID', 'HOLDFAST_EVENTS_SECRET_ACCESS_KEY', 'HOLDFAST_SNS_ACCESS_KEY_ID', 'HOLDFAST_SNS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
      delete process.env[k];
    }
    try {
      assert.equal(await main(['serve', '--in-memory', '--events-endpoint', 'localhost:4566']), 2);
      assert.equal(await main(['serve', '--in-memory', '--sns-endpoint', 'not a url']), 2);
      assert.equal(await main(['serve', '--in-memory', '--sns-endpoint', 'http://127.0.0.1:9']), 2);
      assert.equal(await main(['serve', '--in-memory', '--events-secret-access-key', 's']), 2);
      assert.equal(await main(['serve', '--in-memory', '--webhook', 'ftp://example.com/hook']), 2);
      assert.equal(await main(['serve', '--in-memory', '--event-log-max-entries', '0']), 2);
      process.env.HOLDFAST_EVENT_LOG_MAX_ENTRIES = '1e6';
      assert.equal(await main(['serve', '--in-memory']), 2);
    } finally {
      process.stderr.write = write;
      Object.assign(process.env, saved);
    }
    assert.deepEqual(errors, [
      "holdfast: --events-endpoint must be an http:// or https:// URL, not 'localhost:4566' (see 'holdfast --help')\n",
      "holdfast: --sns-endpoint must be a URL such as http://127.0.0.1:9000, not 'not a url' (see 'holdfast --help')\n",
      "holdfast: --sns-endpoint needs credentials: give --sns-access-key-id and --sns-secret-access-key, or set HOLDFAST_SNS_ACCESS_KEY_ID and HOLDFAST_SNS_SECRET_ACCESS_KEY (see 'holdfast --help')\n",
      "holdfast: --events-secret-access-key needs --events-endpoint (see 'holdfast --help')\n",
      "holdfast: --webhook must be an http:// or https:// URL, not 'ftp://example.com/hook' (see 'holdfast --help')\n",
      "holdfast: --event-log-max-entries must be a whole number of entries of at least 1, not '0' (see 'holdfast --help')\n",
      "holdfast: HOLDFAST_EVENT_LOG_MAX_ENTRIES must be a whole number of entries of at least 1, not '1e6' (see 'holdfast --help')\n",
    ]);
  });
});
