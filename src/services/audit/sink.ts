/**
 * Where report files land. ReportSink is the seam: LocalFolderSink writes
 * `<root>/<bucket>/<key>` (the stand-in for S3, root = `<data-dir>/s3`); S3Sink (s3-sink.ts)
 * writes to a real S3-compatible server (--s3-endpoint) through @aws-sdk/client-s3.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

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

/** The buckets behind a sink, for the admin API (/_holdfast/buckets). */
export interface BucketAdmin {
  /** Where the buckets are: a folder or an endpoint URL. */
  readonly location: string;
  createBucket(bucket: string): Promise<string>;
  deleteBucket(bucket: string): Promise<boolean>;
  listBuckets(): Promise<string[]>;
}

/** A delivery failure a person can act on (missing bucket, refused credentials, unreachable endpoint). */
export class SinkError extends Error {}

/**
 * The folder that stands in for S3. With a data dir it is `<data-dir>/s3`; in memory mode
 * (no data dir) it is a fresh temporary folder, made the first time it is needed.
 */
export class S3Root {
  private dir: string | undefined;

  constructor(dataDir: string | undefined) {
    this.dir = dataDir === undefined ? undefined : join(dataDir, 's3');
  }

  get path(): string {
    this.dir ??= join(mkdtempSync(join(tmpdir(), 'holdfast-')), 's3');
    return this.dir;
  }
}

const FLUSH_BYTES = 256 * 1024;

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
    this.stream.destroy();
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

  async create(bucket: string, key: string): Promise<ReportObject> {
    const target = join(this.bucketPath(bucket), ...key.split('/'));
    await mkdir(dirname(target), { recursive: true });
    return new LocalObject(`${target}.${randomBytes(4).toString('hex')}.part`, target);
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
