/**
 * Reports into a real S3-compatible server (--s3-endpoint) through @aws-sdk/client-s3. Small
 * reports are one PutObject; a report that grows past PART_BYTES becomes a multipart upload, so
 * memory stays at one part however large the report. Either way S3 shows the key only once the
 * whole report is there (CompleteMultipartUpload), and an aborted report leaves nothing behind.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Readable } from 'node:stream';
import { contentTypeOf, SinkError, type BucketAdmin, type ReportObject, type ReportSink, type StoredObject } from './sink.js';

export interface S3SinkOptions {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The Region the client signs for (default us-east-1). */
  region?: string;
  /**
   * How long one S3 request may take, its connection included (default REQUEST_TIMEOUT_MS), so
   * that an endpoint that accepts and never answers cannot hold the engine: the attempt fails
   * and is retried like an unreachable endpoint. Tests give a short one.
   */
  requestTimeoutMs?: number;
}

/** One S3 request's bound by default (a whole 8 MiB part on a slow link fits), and its connection's. */
const REQUEST_TIMEOUT_MS = 60_000;
const CONNECTION_TIMEOUT_MS = 5_000;

/** S3 needs parts of at least 5 MiB (but the last); 8 MiB keeps the request count low. */
const PART_BYTES = 8 * 1024 * 1024;

const errorName = (e: unknown): string => (e as { name?: string }).name ?? '';
const httpStatus = (e: unknown): number | undefined => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

class S3Object implements ReportObject {
  private chunks: string[] = [];
  private size = 0;
  private uploadId: string | undefined;
  private readonly parts: CompletedPart[] = [];

  constructor(private readonly sink: S3Sink, private readonly bucket: string, private readonly key: string) {}

  write(chunk: string): Promise<void> | undefined {
    this.chunks.push(chunk);
    this.size += chunk.length;
    return this.size >= PART_BYTES ? this.uploadPart() : undefined;
  }

  private take(): Buffer {
    const body = Buffer.from(this.chunks.join(''), 'utf8');
    this.chunks = [];
    this.size = 0;
    return body;
  }

  private async uploadPart(): Promise<void> {
    const body = this.take();
    const s3 = this.sink.client;
    this.uploadId ??= (await this.sink.call(this.bucket, () => s3.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, ContentType: this.contentType })))).UploadId;
    const PartNumber = this.parts.length + 1;
    const out = await this.sink.call(this.bucket, () => s3.send(new UploadPartCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.uploadId, PartNumber, Body: body })));
    this.parts.push({ ETag: out.ETag, PartNumber });
  }

  private get contentType(): string {
    return contentTypeOf(this.key);
  }

  async commit(): Promise<void> {
    const s3 = this.sink.client;
    if (this.uploadId === undefined) {
      const body = this.take();
      await this.sink.call(this.bucket, () => s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key, Body: body, ContentType: this.contentType })));
      return;
    }
    if (this.size > 0) await this.uploadPart();
    await this.sink.call(this.bucket, () =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.uploadId, MultipartUpload: { Parts: this.parts } })),
    );
  }

  async abort(): Promise<void> {
    this.chunks = [];
    if (this.uploadId !== undefined) await this.sink.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.uploadId }));
  }
}

export class S3Sink implements ReportSink, BucketAdmin {
  readonly client: S3Client;

  private readonly timeoutMs: number;

  constructor(private readonly options: S3SinkOptions) {
    this.timeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region ?? 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      maxAttempts: 2,
      requestHandler: new NodeHttpHandler({
        connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, this.timeoutMs),
        requestTimeout: this.timeoutMs,
        throwOnRequestTimeout: true,
      }),
    });
  }

  get location(): string {
    return this.options.endpoint;
  }

  missingBucketHint(bucket: string): string {
    return `Create it on the S3 endpoint ${this.options.endpoint} (for example: aws s3 mb s3://${bucket} --endpoint-url ${this.options.endpoint}) and run the report again.`;
  }

  /** Runs one S3 call, turning a missing bucket or an unreachable endpoint into a SinkError a person can act on. */
  async call<T>(bucket: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (errorName(e) === 'NoSuchBucket') throw new SinkError(`The S3 bucket '${bucket}' does not exist, so the report could not be delivered. ${this.missingBucketHint(bucket)}`);
      throw this.explain(bucket, e, 'so the report could not be delivered');
    }
  }

  /** Refused credentials and an unreachable endpoint as a SinkError; anything else as it is. */
  private explain(bucket: string, e: unknown, consequence: string): unknown {
    if (errorName(e) === 'AccessDenied' || httpStatus(e) === 403) {
      return new SinkError(`The S3 endpoint ${this.options.endpoint} denied access to bucket '${bucket}': check the credentials Holdfast was given (--s3-access-key-id).`);
    }
    const code = (e as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET') {
      return new SinkError(`Holdfast could not reach the S3 endpoint ${this.options.endpoint} (${code}), ${consequence}.`, true);
    }
    // The request handler's bounds (requestTimeoutMs): the connection or the answer did not come.
    if (errorName(e) === 'TimeoutError') {
      return new SinkError(`The S3 endpoint ${this.options.endpoint} did not answer within ${this.timeoutMs / 1000} s, ${consequence}.`, true);
    }
    return e;
  }

  /** Runs a read: a missing bucket or key (404) answers undefined. */
  private async found<T>(bucket: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      if (httpStatus(e) === 404) return undefined;
      throw this.explain(bucket, e, 'so the report could not be read');
    }
  }

  async bucketExists(bucket: string): Promise<boolean> {
    try {
      await this.call(bucket, () => this.client.send(new HeadBucketCommand({ Bucket: bucket })));
      return true;
    } catch (e) {
      if (httpStatus(e) === 404 || errorName(e) === 'NotFound') return false;
      throw e;
    }
  }

  async create(bucket: string, key: string): Promise<ReportObject> {
    return new S3Object(this, bucket, key);
  }

  async createBucket(bucket: string): Promise<string> {
    try {
      await this.call(bucket, () => this.client.send(new CreateBucketCommand({ Bucket: bucket })));
    } catch (e) {
      if (errorName(e) !== 'BucketAlreadyOwnedByYou' && errorName(e) !== 'BucketAlreadyExists') throw e;
    }
    return `${this.options.endpoint.replace(/\/+$/, '')}/${bucket}`;
  }

  async deleteBucket(bucket: string): Promise<boolean> {
    if (!(await this.bucketExists(bucket))) return false;
    await this.call(bucket, () => this.client.send(new DeleteBucketCommand({ Bucket: bucket })));
    return true;
  }

  async listBuckets(): Promise<string[]> {
    let out;
    try {
      out = await this.client.send(new ListBucketsCommand({}));
    } catch (e) {
      throw this.explain('*', e, 'so its buckets could not be listed');
    }
    return (out.Buckets ?? []).map((b) => b.Name ?? '').filter((n) => n !== '').sort();
  }

  async listKeys(bucket: string, prefix: string): Promise<string[] | undefined> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.found(bucket, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix === '' ? undefined : prefix, ContinuationToken: token })),
      );
      if (!out) return undefined;
      for (const o of out.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async readObject(bucket: string, key: string): Promise<StoredObject | undefined> {
    const out = await this.found(bucket, () => this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    // In Node the SDK's Body is the HTTP response itself: it is piped on, never buffered.
    return out && { body: out.Body as Readable, size: out.ContentLength, contentType: out.ContentType ?? contentTypeOf(key) };
  }

  close(): void {
    this.client.destroy();
  }
}
