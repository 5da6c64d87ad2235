/**
 * The console's files at /_holdfast/ui/ (src/server/console-assets.ts): index.html for the
 * folder, content types, cache headers, 404 for what is missing or outside the folder, GET and
 * HEAD only, and the admin API's access rule (admin-auth.ts checkConsoleAccess). A folder of
 * stand-in files keeps this test apart from the Vite build.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { CREDENTIALS } from '../security/signing.js';

const TOKEN = 'the-admin-token-0123456789';

/** A GET with the path sent exactly as written (fetch would resolve the dot segments first). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.path = path;
    req.end();
  });
}

describe('the console files at /_holdfast/ui/', () => {
  let dir: string;
  let t: TestServer;
  before(async () => {
    const root = mkdtempSync(join(tmpdir(), 'holdfast-console-'));
    dir = join(root, 'console');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'export {};');
    writeFileSync(join(dir, 'assets', 'index-abc123.css'), 'body{}');
    writeFileSync(join(root, 'secret.txt'), 'outside the console folder');
    t = await startTestServer({ consoleDir: dir });
  });
  after(async () => {
    await t.close();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  it('answers the folder with index.html, revalidated on every load', async () => {
    const res = await fetch(`${t.url}/_holdfast/ui/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('content-security-policy')!, /default-src 'self'/);
    assert.equal(await res.text(), '<!doctype html><title>console</title>');
    const again = await fetch(`${t.url}/_holdfast/ui/index.html`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    assert.equal(again.status, 304);
  });

  it('redirects /_holdfast/ui to the folder', async () => {
    const res = await fetch(`${t.url}/_holdfast/ui`, { redirect: 'manual' });
    assert.equal(res.status, 308);
    assert.equal(res.headers.get('location'), '/_holdfast/ui/');
  });

  it('serves hashed assets with their types, cached for a year', async () => {
    const js = await fetch(`${t.url}/_holdfast/ui/assets/index-abc123.js`);
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(await js.text(), 'export {};');
    const css = await fetch(`${t.url}/_holdfast/ui/assets/index-abc123.css`);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await fetch(`${t.url}/_holdfast/ui/assets/index-abc123.js`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), '10');
    const post = await fetch(`${t.url}/_holdfast/ui/index.html`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
  });

  it('answers 404 for a missing file and a folder without index.html', async () => {
    for (const path of ['/_holdfast/ui/nothing.js', '/_holdfast/ui/assets/', '/_holdfast/ui/assets']) {
      const res = await fetch(`${t.url}${path}`);
      assert.equal(res.status, 404, path);
      assert.match(((await res.json()) as { error: string }).error, /No console file/);
    }
  });

  it('never serves a file outside its folder', async () => {
    for (const path of ['/_holdfast/ui/../secret.txt', '/_holdfast/ui/%2e%2e/secret.txt', '/_holdfast/ui/..%2fsecret.txt', '/_holdfast/ui/assets/..%5c..%5csecret.txt', '/_holdfast/ui/%00', '/_holdfast/ui/%E0%A4%A']) {
      const res = await rawGet(t.url, path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.body, /outside the console folder/, path);
    }
  });

  it('says how to build it when it is not built', async () => {
    const empty = await startTestServer({ consoleDir: join(dir, 'no-such-folder') });
    try {
      const res = await fetch(`${empty.url}/_holdfast/ui/`);
      assert.equal(res.status, 404);
      assert.match(((await res.json()) as { error: string }).error, /npm run build/);
    } finally {
      await empty.close();
    }
  });

  it('is served without the admin token (a browser cannot send one), and refused in strict mode without a token', async () => {
    const withToken = await startTestServer({ consoleDir: dir, credentials: CREDENTIALS, strict: true, adminToken: TOKEN });
    const refused = await startTestServer({ consoleDir: dir, credentials: CREDENTIALS, strict: true });
    try {
      assert.equal((await fetch(`${withToken.url}/_holdfast/ui/`)).status, 200);
      // The state behind it still needs the token.
      assert.equal((await fetch(`${withToken.url}/_holdfast/clock`)).status, 401);
      const res = await fetch(`${refused.url}/_holdfast/ui/`);
      assert.equal(res.status, 403);
      assert.match(((await res.json()) as { error: string }).error, /--strict and no --admin-token/);
    } finally {
      await withToken.close();
      await refused.close();
    }
  });
});
