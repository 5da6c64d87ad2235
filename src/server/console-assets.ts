/**
 * The web console's built files (dist/console/, built by Vite from console/ in scripts/build.mjs)
 * served at /_holdfast/ui/ on the API's own port: GET and HEAD only, index.html for the folder,
 * content types by extension, 404 for anything missing and for any path that would leave the
 * folder. Vite names every asset under assets/ by its content hash, so those are cached for a
 * year; index.html is revalidated on every load (ETag) so a new build shows at once.
 */
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';

export const CONSOLE_PATH = '/_holdfast/ui/';

/**
 * Where the built console is: dist/console/ of the package. Two folders up from this module is
 * the package root both when it runs from src/server/ (tsx) and from dist/server/ (built).
 */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../dist/console/', import.meta.url));

/** Whether a built console is there to serve (`holdfast serve` says so when it is not). */
export const consoleBuilt = (dir = DEFAULT_CONSOLE_DIR): boolean => existsSync(join(dir, 'index.html'));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The page may load only its own files and call only its own origin (the AWS API and the admin
 * routes); inline styles are allowed because the timeline positions its items with them.
 */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export interface StaticReply {
  status: number;
  headers: Record<string, string | number>;
  /** The file to stream as the body (GET with 200 only). */
  file?: string;
  /** A short JSON body (errors). */
  json?: unknown;
}

const failure = (status: number, message: string, extra: Record<string, string> = {}): StaticReply => ({
  status,
  headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...extra },
  json: { error: message },
});

/** The file below `dir` that the URL path `rest` (after /_holdfast/ui/) names, or undefined when it names none safely. */
function fileFor(dir: string, rest: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const parts = decoded.split('/');
  if (parts.some((p) => p === '..' || p === '.')) return undefined;
  const root = resolve(dir);
  const file = resolve(root, decoded === '' || decoded.endsWith('/') ? join(decoded, 'index.html') : decoded);
  return file.startsWith(root + sep) ? file : undefined;
}

/** What a request for `rawPath` (starting with /_holdfast/ui) answers, from the files in `dir`. */
export async function consoleAsset(dir: string, method: string, rawPath: string, ifNoneMatch: string | undefined): Promise<StaticReply> {
  if (rawPath === CONSOLE_PATH.slice(0, -1)) return { status: 308, headers: { Location: CONSOLE_PATH, 'Content-Length': 0 } };
  if (method !== 'GET' && method !== 'HEAD') return failure(405, `The console's files answer GET and HEAD only, not ${method}.`, { Allow: 'GET, HEAD' });
  const file = fileFor(dir, rawPath.slice(CONSOLE_PATH.length));
  const missing = (): StaticReply =>
    failure(404, rawPath === CONSOLE_PATH ? 'The console is not built: run npm run build (it builds console/ into dist/console/).' : `No console file ${rawPath}.`);
  if (!file) return missing();
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return missing();
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const immutable = file.startsWith(resolve(dir, 'assets') + sep);
  const headers: Record<string, string | number> = {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ETag: etag,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': CSP,
    'Referrer-Policy': 'no-referrer',
  };
  if (ifNoneMatch === etag) return { status: 304, headers };
  headers['Content-Length'] = info.size;
  return { status: 200, headers, file: method === 'GET' ? file : undefined };
}

/** Writes a reply of consoleAsset. */
export async function sendAsset(res: ServerResponse, requestId: string, reply: StaticReply): Promise<void> {
  const body = reply.json === undefined ? undefined : JSON.stringify(reply.json);
  const headers: Record<string, string | number> = { ...reply.headers, 'x-amzn-RequestId': requestId };
  if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
  res.writeHead(reply.status, headers);
  if (reply.file === undefined) {
    res.end(body);
    return;
  }
  try {
    await pipeline(createReadStream(reply.file), res);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') console.error('holdfast console: sending a file failed', e);
  }
}
