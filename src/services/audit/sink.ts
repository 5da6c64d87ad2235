/**
 * Where report files land. ReportSink is the seam: LocalFolderSink writes
 * `<root>/<bucket>/<key>` (the stand-in for S3, root = `<data-dir>/s3`); S3Sink (s3-sink.ts)
 * writes to a real S3-compatible server (--s3-endpoint) through @aws-sdk/client-s3.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';

/** One object being written; nothing is visible under its key until commit. */
export interface ReportObject {
  /** Buffers a chunk; answers a promise only when the caller must wait (backpressure). */
  write(chunk: string): Promise<void> | undefined;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface ReportSink {
  /** Whether the bucket exists (a job into a missing bucket fails). */
  bucketExists(bucket: string): Promise<boolean>;
  create(bucket: string, key: string): Promise<ReportObject>;
  /** How to create a missing bucket, for the failed job's StatusMessage. */
  missingBucketHint(bucket: string): string;
}

/** A stored report, open for reading. */
export interface StoredObject {
  body: Readable;
  size: number | undefined;
  contentType: string;
}

/** The buckets behind a sink, for the admin API (/_holdfast/buckets). */
export interface BucketAdmin {
  /** Where the buckets are: an absolute folder or an endpoint URL. */
  readonly location: string;
  createBucket(bucket: string): Promise<string>;
  deleteBucket(bucket: string): Promise<boolean>;
  listBuckets(): Promise<string[]>;
  /** The keys that start with `prefix`, in order; undefined when the bucket does not exist. */
  listKeys(bucket: string, prefix: string): Promise<string[] | undefined>;
  /** The object's bytes as a stream; undefined when the bucket or the key does not exist. */
  readObject(bucket: string, key: string): Promise<StoredObject | undefined>;
}

const CONTENT_TYPE: Record<string, string> = { csv: 'text/csv', json: 'application/json' };

/** The Content-Type of a report by its key's extension. */
export function contentTypeOf(key: string): string {
  return CONTENT_TYPE[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}

/**
 * A delivery failure a person can act on (missing bucket, refused credentials, unreachable
 * endpoint). `retryable`: the same upload may succeed later (an endpoint that does not answer);
 * a report job tries it again (report-delivery.ts) instead of failing at once.
 */
export class SinkError extends Error {
  constructor(message: string, readonly retryable = false) {
    super(message);
  }
}

/**
 * The folder that stands in for S3. With a data dir it is `<data-dir>/s3`; in memory mode
 * (no data dir) it is a fresh temporary folder, made the first time it is needed.
 */
export class S3Root {
  private dir: string | undefined;

  constructor(dataDir: string | undefined) {
    this.dir = dataDir === undefined ? undefined : resolve(dataDir, 's3');
  }

  get path(): string {
    this.dir ??= join(mkdtempSync(join(tmpdir(), 'holdfast-')), 's3');
    return this.dir;
  }
}

const FLUSH_BYTES = 256 * 1024;

/** A report being written goes to `<file>.<8 hex>.part` until it is complete (then renamed). */
const partFile = (target: string): string => `${target}.${randomBytes(4).toString('hex')}.part`;
const isPartFile = (name: string): boolean => /\.[0-9a-f]{8}\.part$/.test(name);

/** The keys of the files under `dir` (whose key prefix is `rel`), reports being written left out. */
async function* keysUnder(dir: string, rel: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // no such folder: no keys
  }
  for (const e of entries) {
    if (e.isDirectory()) yield* keysUnder(join(dir, e.name), `${rel}${e.name}/`);
    else if (e.isFile() && !isPartFile(e.name)) yield rel + e.name;
  }
}

class LocalObject implements ReportObject {
  private readonly stream: WriteStream;
  private buffer: string[] = [];
  private size = 0;
  private failure: Error | undefined;

  constructor(private readonly temp: string, private readonly target: string) {
    this.stream = createWriteStream(temp);
    this.stream.on('error', (e) => (this.failure = e));
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.size === 0) return;
    const data = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(data)) await new Promise<void>((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      this.stream.once('error', onError);
      this.stream.once('drain', () => {
        this.stream.off('error', onError);
        resolve();
      });
    });
  }

  write(chunk: string): Promise<void> | undefined {
    this.buffer.push(chunk);
    this.size += chunk.length;
    return this.size >= FLUSH_BYTES ? this.flush() : undefined;
  }

  async commit(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
    if (this.failure) throw this.failure;
    await rename(this.temp, this.target);
  }

  async abort(): Promise<void> {
    // The file is created when the stream's open completes, which may be after destroy(): remove
    // it only once the stream has closed, or an early abort leaves the .part file behind.
    if (!this.stream.closed) await new Promise<void>((resolve) => this.stream.once('close', resolve).destroy());
    await rm(this.temp, { force: true });
  }
}

export class LocalFolderSink implements ReportSink, BucketAdmin {
  constructor(private readonly root: S3Root) {}

  get location(): string {
    return this.root.path;
  }

  missingBucketHint(bucket: string): string {
    return `Create it (in Holdfast: PUT /_holdfast/buckets/${bucket}) and run the report again.`;
  }

  bucketPath(bucket: string): string {
    return join(this.root.path, bucket);
  }

  async bucketExists(bucket: string): Promise<boolean> {
    try {
      return (await stat(this.bucketPath(bucket))).isDirectory();
    } catch {
      return false;
    }
  }

  /** The file of a key (the admin routes refuse keys with '..' segments before they get here). */
  private objectPath(bucket: string, key: string): string {
    return join(this.bucketPath(bucket), ...key.split('/'));
  }

  async create(bucket: string, key: string): Promise<ReportObject> {
    const target = this.objectPath(bucket, key);
    await mkdir(dirname(target), { recursive: true });
    return new LocalObject(partFile(target), target);
  }

  async listKeys(bucket: string, prefix: string): Promise<string[] | undefined> {
    if (!(await this.bucketExists(bucket))) return undefined;
    // Walk only the folder the prefix names (`a/b/` or `a/b/c` -> a/b).
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const keys: string[] = [];
    for await (const key of keysUnder(this.objectPath(bucket, folder), folder)) if (key.startsWith(prefix)) keys.push(key);
    return keys.sort();
  }

  async readObject(bucket: string, key: string): Promise<StoredObject | undefined> {
    if (isPartFile(key)) return undefined;
    const path = this.objectPath(bucket, key);
    try {
      const file = await stat(path);
      if (!file.isFile()) return undefined;
      return { body: createReadStream(path), size: file.size, contentType: contentTypeOf(key) };
    } catch {
      return undefined;
    }
  }

  async createBucket(bucket: string): Promise<string> {
    const path = this.bucketPath(bucket);
    await mkdir(path, { recursive: true });
    return path;
  }

  async deleteBucket(bucket: string): Promise<boolean> {
    if (!(await this.bucketExists(bucket))) return false;
    await rm(this.bucketPath(bucket), { recursive: true, force: true });
    return true;
  }

  async listBuckets(): Promise<string[]> {
    try {
      return (await readdir(this.root.path, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    } catch {
      return [];
    }
  }
}
