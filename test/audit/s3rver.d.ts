/** The part of s3rver (a fake S3 server for tests) that the audit tests use; it ships no types. */
declare module 's3rver' {
  interface S3rverOptions {
    port?: number;
    address?: string;
    silent?: boolean;
    directory: string;
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
    /** S3 event notifications, one per object written (ObjectCreated:Put, ...) or removed. */
    on(event: 'event', listener: (e: { Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string } } }[] }) => void): this;
  }
}
