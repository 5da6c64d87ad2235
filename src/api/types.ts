/**
 * The public types of the `holdfast` package (src/index.ts). They describe the admin API's JSON
 * and import nothing from the server's internals, so dist/index.d.ts stands on its own
 * (test/api/package.test.ts checks the emitted declarations).
 */

/** How long the clock moves: a number of seconds, or `"30d"`, `"12h"`, `"90m"`, `"45s"`. */
export type Duration = number | string;

/** An instant: a Date or an ISO-8601 string such as `"2026-01-01T00:00:00Z"`. */
export type Instant = Date | string;

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** A listed key (`serve --credentials FILE`, docs/security.md): the account and principal it acts as. */
export interface ListedKey extends Credentials {
  accountId: string;
  /** An IAM user, role or root ARN, or an STS assumed-role ARN, of accountId (default: the account root). */
  principalArn?: string;
}

/** What `--credentials FILE` holds. */
export interface CredentialsDocument {
  credentials: ListedKey[];
}

/** What any AWS SDK client needs to talk to Holdfast: `new BackupClient(hf.clientConfig())`. */
export interface ClientConfig {
  endpoint: string;
  region: string;
  credentials: Credentials;
}

/** One member of a CloudFormation stack in the inventory. */
export interface StackMember {
  logicalId: string;
  arn: string;
}

/** A resource inventory entry (README "Holdfast's own endpoints", PUT /_holdfast/resources). */
export interface ResourceEntry {
  arn: string;
  tags?: Record<string, string>;
  sizeBytes?: number;
  backupOutcome?: 'COMPLETED' | 'FAILED';
  messageCategory?: string;
  failureMessage?: string;
  backupDurationSeconds?: number;
  startDelaySeconds?: number;
  resourceType?: string;
  encrypted?: boolean;
  stackMembers?: StackMember[];
  scanResult?: 'NO_THREATS_FOUND' | 'THREATS_FOUND';
  scanOutcome?: 'COMPLETED' | 'COMPLETED_WITH_ISSUES' | 'FAILED';
  scanDurationSeconds?: number;
  restoreFailureMessage?: string;
  restoreSkippedMessage?: string;
  indexOutcome?: 'ACTIVE' | 'FAILED';
  indexFailureMessage?: string;
}

/** The organization audit reports and cross-account copies read (PUT /_holdfast/organization). */
export interface OrganizationDocument {
  managementAccountId: string;
  id?: string;
  accounts?: string[];
  delegatedAdministrators?: string[];
  organizationalUnits?: { id: string; name?: string; accounts?: string[] }[];
}

/** Where audit reports go instead of the local folder: an S3-compatible server. */
export interface S3Options {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The Region S3 requests are signed for (default us-east-1). */
  region?: string;
}

export interface StartOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Keep state in SQLite under this folder; without it (the default) state is in memory. */
  dataDir?: string;
  /** Keep state in memory (the default); cannot be combined with dataDir. */
  inMemory?: boolean;
  /**
   * Keep state in this PostgreSQL database instead (`postgres://USER[:PASSWORD]@HOST:PORT/DB`);
   * cannot be combined with dataDir or inMemory.
   */
  database?: string;
  /** Start with the clock frozen: it moves only through `clock.advance` and `clock.set`. */
  frozenClock?: boolean;
  /** Start the clock at this instant. */
  startTime?: Instant;
  /** Inventory entries to load at start-up, or the path of a JSON file holding them (`{"resources": [...]}`). */
  resources?: readonly ResourceEntry[] | string;
  /** Fail backup jobs of ARNs that are not in the inventory. */
  strictResources?: boolean;
  /** An organization to declare at start-up, or the path of a JSON file holding it. */
  organization?: OrganizationDocument | string;
  /** Access key id -> 12-digit account id, for keys that are not 12 digits. */
  accountMap?: Record<string, string>;
  /** How long a job of a resource without an inventory duration runs (default 5 seconds). */
  defaultJobSeconds?: number;
  /** Deliver audit reports to this S3-compatible server instead of a local folder. */
  s3?: S3Options;
  /** Listed keys, or the path of a JSON file holding them: a request signed with one acts as its account and principal. */
  credentials?: CredentialsDocument | string;
  /** Let in only requests with a valid SigV4 signature of a listed key (needs credentials). */
  strict?: boolean;
  /** The admin API's bearer token (at least 16 printable characters); this object sends it. In strict mode without one the admin API is refused. */
  adminToken?: string;
  /** How many entries the event log keeps, the newest (default 200000); older entries still to deliver are never removed. */
  eventLogMaxEntries?: number;
}

export interface ConnectOptions {
  /** How long to wait for the server's health check (default 10000 ms). */
  timeoutMs?: number;
  /** The server's admin token (`serve --admin-token`), sent as Authorization: Bearer on every admin call. */
  adminToken?: string;
}

export interface ClockState {
  now: Date;
  frozen: boolean;
}

/** Holdfast's business clock. Every call answers once all work due by the new instant has run. */
export interface HoldfastClock {
  now(): Promise<Date>;
  state(): Promise<ClockState>;
  /** Moves the clock forward by seconds or a duration string (`"30d"`, `"12h"`, `"90m"`); answers the new instant. */
  advance(by: Duration): Promise<Date>;
  /** Moves the clock forward to an instant (never backwards). */
  set(instant: Instant): Promise<Date>;
  freeze(): Promise<Date>;
  resume(): Promise<Date>;
}

/** The resource inventory: what Holdfast backs up. */
export interface HoldfastResources {
  /** Adds or replaces entries (by ARN). */
  put(entries: readonly ResourceEntry[]): Promise<void>;
  list(): Promise<ResourceEntry[]>;
  /** Removes one entry; answers false when there was none. */
  remove(arn: string): Promise<boolean>;
}

export interface HoldfastOrganization {
  set(doc: OrganizationDocument): Promise<void>;
  /** The declared organization, or undefined. */
  get(): Promise<OrganizationDocument | undefined>;
  clear(): Promise<void>;
}

/** The buckets audit report jobs write into. */
export interface HoldfastReports {
  /** Creates a bucket (a report job into a missing bucket fails, as in AWS). */
  createBucket(bucket: string): Promise<void>;
  /** The keys in a bucket, under an optional prefix. */
  list(bucket: string, prefix?: string): Promise<string[]>;
  /** One report file's text. */
  read(bucket: string, key: string): Promise<string>;
}

/** An EventBridge event as AWS Backup writes it (docs/events.md). */
export interface BackupEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: 'aws.backup';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** The SNS Publish input of a vault notification (docs/events.md, "Vault notifications"). */
export interface VaultNotificationMessage {
  Subject: string;
  Message: string;
  MessageAttributes: Record<string, { DataType: 'String'; StringValue: string }>;
}

/** Where an entry's delivery stands (`logged`: no sink was configured when it was written). */
export interface EventDelivery {
  state: 'logged' | 'pending' | 'retrying' | 'delivered';
  /** Sinks still to deliver to: eventbridge, sns, webhook. */
  pending: string[];
  delivered: string[];
  attempts: number;
  lastError: string | null;
  /** Real time of the next attempt after a failure. */
  nextAttemptAt: Date | null;
}

interface EventLogEntryBase {
  /** The entry's sequence number (never reused; `since` takes it). */
  seq: number;
  /** The event bus ARN (eventbridge) or the topic ARN (sns). */
  target: string;
  account: string;
  region: string;
  /** The detail-type, or the BackupVaultEvents value of a notification (BACKUP_JOB_COMPLETED). */
  detailType: string;
  /** The business instant of the transition. */
  time: Date;
  /** The ARNs and ids the entry is about. */
  resources: string[];
  delivery: EventDelivery;
}

/** One entry of the event log (GET /_holdfast/events). */
export type EventLogEntry = EventLogEntryBase & ({ channel: 'eventbridge'; payload: BackupEvent } | { channel: 'sns'; payload: VaultNotificationMessage });

/** Filters of `events.list`; each narrows the list. */
export interface EventFilter {
  /** Entries after this sequence number (exclusive). */
  since?: number;
  /** A detail-type ("Backup Job State Change") or a BackupVaultEvents value ("BACKUP_JOB_COMPLETED"). */
  detailType?: string;
  account?: string;
  region?: string;
  /** An ARN or id the entry is about (a job id, a recovery point, a resource, a vault, a plan). */
  resource?: string;
}

/** The event log: every EventBridge event and vault notification Holdfast emitted (docs/events.md). */
export interface HoldfastEvents {
  /** The entries that match, oldest first (every page). */
  list(filter?: EventFilter): Promise<EventLogEntry[]>;
  /** Empties the log, undelivered entries included. */
  clear(): Promise<void>;
}

export interface Holdfast {
  /** The URL to hand to any AWS SDK, the AWS CLI or boto3. */
  readonly endpoint: string;
  /** The Region of `credentials` and `clientConfig()` (any Region works; it comes from the signature). */
  readonly region: string;
  /** The account `credentials` act as. */
  readonly accountId: string;
  readonly credentials: Credentials;
  /** Credentials that act as this 12-digit account (isolate tests by giving each its own); a started server's listed key of that account when it has one. */
  credentialsFor(accountId: string): Credentials;
  /** endpoint, region and credentials (of `accountId`, default the default account) for an SDK client. */
  clientConfig(accountId?: string): ClientConfig;
  readonly clock: HoldfastClock;
  readonly resources: HoldfastResources;
  readonly organization: HoldfastOrganization;
  readonly reports: HoldfastReports;
  readonly events: HoldfastEvents;
  /** Wipes all data and resets the clock, as POST /_holdfast/reset does. */
  reset(): Promise<void>;
  /** Stops a server startHoldfast started; for connectHoldfast, lets go of the connection only. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
