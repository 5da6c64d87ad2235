/**
 * The admin API of the report buckets (/_holdfast/buckets...): list, create and delete buckets,
 * list a bucket's keys and stream one object, so that a client that cannot reach the server's
 * folder (a test in another container) can read its reports. Over --s3-endpoint the same routes
 * act on that S3 server with Holdfast's credentials (a proxy; the bytes stream through).
 */
import { AdminError, type AdminHandler, type AdminRoute } from '../../server/admin.js';
import { BUCKET_NAME } from './report-settings.js';
import { SinkError, type BucketAdmin, type ReportSink } from './sink.js';

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new AdminError(400, `The ${what} '${text}' is not valid URL encoding.`);
  }
}

/**
 * A key or prefix with a '..' segment is refused: report keys never have one, and in the local
 * folder it would name a file outside the bucket.
 */
function checkKey(key: string, what: string): string {
  if (key.split('/').includes('..')) throw new AdminError(400, `The ${what} '${key}' has a '..' segment; Holdfast refuses those so that no path leaves its bucket.`);
  return key;
}

/** `/buckets/BUCKET[/KEY...]` (raw) -> the bucket and the key ('' for none), checked. */
function target(path: string): { bucket: string; key: string } {
  const rest = path.slice('/buckets/'.length);
  const slash = rest.indexOf('/');
  const bucket = decode(slash < 0 ? rest : rest.slice(0, slash), 'bucket name');
  if (!BUCKET_NAME.test(bucket)) throw new AdminError(400, `'${bucket}' is not a valid S3 bucket name (3-63 lowercase letters, numbers, dots and hyphens).`);
  return { bucket, key: slash < 0 ? '' : checkKey(decode(rest.slice(slash + 1), 'key'), 'key') };
}

/** A bucket named alone (PUT and DELETE act on buckets, not keys). */
function bucketOnly(path: string): string {
  const { bucket, key } = target(path);
  if (key !== '') throw new AdminError(400, `PUT and DELETE /_holdfast/buckets/{bucket} take a bucket name, not a key ('${key}').`);
  return bucket;
}

/** An S3 server that refuses or cannot be reached answers 502 with the reason. */
const upstream =
  (handle: AdminHandler): AdminHandler =>
  async (req) => {
    try {
      return await handle(req);
    } catch (e) {
      if (e instanceof SinkError) throw new AdminError(502, e.message);
      throw e;
    }
  };

export function bucketRoutes(sink: BucketAdmin & ReportSink): AdminRoute[] {
  const missingBucket = (bucket: string): AdminError => new AdminError(404, `Bucket ${bucket} does not exist.`);
  return [
    {
      method: 'GET',
      path: '/buckets',
      handle: upstream(async () => ({ status: 200, json: { root: sink.location, buckets: await sink.listBuckets() } })),
    },
    {
      method: 'GET',
      path: '/buckets/',
      prefix: true,
      handle: upstream(async (req) => {
        const { bucket, key } = target(req.path);
        if (key === '') {
          const prefix = checkKey(req.query.get('prefix') ?? '', 'prefix');
          const keys = await sink.listKeys(bucket, prefix);
          if (!keys) throw missingBucket(bucket);
          return { status: 200, json: { bucket, prefix, keys } };
        }
        const object = await sink.readObject(bucket, key);
        if (!object) throw (await sink.bucketExists(bucket)) ? new AdminError(404, `Bucket ${bucket} has no object '${key}'.`) : missingBucket(bucket);
        return { status: 200, stream: object };
      }),
    },
    {
      method: 'PUT',
      path: '/buckets/',
      prefix: true,
      handle: upstream(async (req) => {
        const bucket = bucketOnly(req.path);
        return { status: 200, json: { bucket, path: await sink.createBucket(bucket) } };
      }),
    },
    {
      method: 'DELETE',
      path: '/buckets/',
      prefix: true,
      handle: upstream(async (req) => {
        const bucket = bucketOnly(req.path);
        if (!(await sink.deleteBucket(bucket))) throw missingBucket(bucket);
        return { status: 200, json: { status: 'ok' } };
      }),
    },
  ];
}
