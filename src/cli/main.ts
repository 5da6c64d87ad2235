/**
 * The `holdfast` command: `serve` runs the server; `clock show|advance` talk to a running one.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, startHoldfast } from '../app.js';
import { listenProblem } from '../server/listen-errors.js';
import { CONSOLE_PATH, consoleBuilt } from '../server/console-assets.js';
import { clockCommand } from './clock-command.js';
import { maskedUrl } from '../store/postgres/pg-database.js';
import { isPostgresUrl } from '../store/postgres/pg-store.js';
import { startupWarnings } from './startup-warnings.js';
import type { S3SinkOptions } from '../services/audit/s3-sink.js';
import { ADMIN_TOKEN_RULE, isAdminToken } from '../server/admin-auth.js';
import { readCredentialsFile, type CredentialList } from '../server/credentials.js';
import type { PeerEndpoint, SinkOptions } from '../services/events/sinks.js';
import { isLogMaxEntries, LOG_MAX_ENTRIES_RULE } from '../services/events/module.js';

export const USAGE = `Usage:
  holdfast serve [options]          Start the AWS Backup endpoint
  holdfast clock show [--endpoint URL] [--admin-token T]
  holdfast clock advance 30d|12h|90m|SECONDS [--endpoint URL] [--admin-token T]
  holdfast clock set ISO-INSTANT [--endpoint URL] [--admin-token T]
  holdfast --version                Print the version

serve options:
  --port N            Port to listen on (default ${DEFAULT_PORT}; 0 picks a free port)
  --host H            Address to bind (default 127.0.0.1)
  --data-dir DIR      Keep state in SQLite under DIR (default ./data); reports land in DIR/s3
  --in-memory         Keep state in memory only; nothing survives a restart
                      (audit reports then land in a temporary folder: GET /_holdfast/buckets)
  --database URL      Keep state in PostgreSQL: postgres://USER[:PASSWORD]@HOST:PORT/DB
                      (default: the environment's HOLDFAST_DATABASE_URL; without either, SQLite
                      under --data-dir). Not together with --data-dir or --in-memory; audit
                      reports land as with --in-memory
  --frozen-clock      Start with the clock frozen (move it with POST /_holdfast/clock)
  --start-time ISO    Start the clock at this instant
  --account-map FILE  JSON object mapping access key ids to 12-digit account ids
  --resources FILE    Load resource inventory entries ({"resources": [...]}) at start-up
  --strict-resources  Fail backup jobs of resources that are not in the inventory
  --default-job-seconds N  How long jobs of resources without a duration run (default 5)
  --organization FILE Declare an organization at start-up (JSON, as PUT /_holdfast/organization)
  --s3-endpoint URL   Deliver audit reports to this S3-compatible server instead of DIR/s3
  --s3-access-key-id K      The S3 server's credentials (default: the environment's
  --s3-secret-access-key S  HOLDFAST_S3_ACCESS_KEY_ID / HOLDFAST_S3_SECRET_ACCESS_KEY, or
                            AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
  --s3-region R       The Region S3 requests are signed for (default us-east-1)
  --credentials FILE  Listed keys, {"credentials": [{"accessKeyId", "secretAccessKey",
                      "sessionToken"?, "accountId", "principalArn"?}]} (also HOLDFAST_CREDENTIALS):
                      a request signed with one acts as its account and principal
  --strict            Let in only requests with a valid SigV4 signature of a listed key
                      (docs/security.md); needs --credentials
  --admin-token T     /_holdfast/* (but health) needs Authorization: Bearer T (also
                      HOLDFAST_ADMIN_TOKEN); with --strict and no token the admin API is refused
  --events-endpoint URL  Send every event with PutEvents to the default event bus of its
                      account and Region on this EventBridge-compatible server (docs/events.md)
  --events-access-key-id K      Its credentials (default: HOLDFAST_EVENTS_ACCESS_KEY_ID /
  --events-secret-access-key S  HOLDFAST_EVENTS_SECRET_ACCESS_KEY, or the AWS_* ones)
  --sns-endpoint URL  Publish vault notifications to their topics on this SNS-compatible server
  --sns-access-key-id K         Its credentials (default: HOLDFAST_SNS_ACCESS_KEY_ID /
  --sns-secret-access-key S     HOLDFAST_SNS_SECRET_ACCESS_KEY, or the AWS_* ones)
  --webhook URL       POST every event and notification to this URL as JSON
  --event-log-max-entries N  Keep the newest N entries of the event log (default 200000;
                      also HOLDFAST_EVENT_LOG_MAX_ENTRIES); older ones still to deliver stay
  -h, --help          Show this help

  One server per data folder: a second serve on a --data-dir a running server holds exits
  with code 1, naming the folder and the holder's pid. SIGTERM or SIGINT stops the server.

clock options (the clock only moves forward; advance refuses a negative duration):
  --endpoint URL      The server to talk to (default http://127.0.0.1:${DEFAULT_PORT})
  --admin-token T     The server's admin token (default: HOLDFAST_ADMIN_TOKEN)
  -h, --help          Show this help

Holdfast's own endpoints (README.md, "Holdfast's own endpoints", documents each):
  GET /_holdfast/health                 {"status":"ok"} once the server is ready
  GET|DELETE /_holdfast/events          the event log and each entry's delivery
  POST /_holdfast/reset                 wipe all state
  GET|POST /_holdfast/clock             read, advance, set or freeze the clock
  PUT|GET|DELETE /_holdfast/organization    the organization of audit reports
  GET /_holdfast/buckets                the report buckets and where they are
  PUT|DELETE /_holdfast/buckets/BUCKET  create or remove a bucket
  GET /_holdfast/buckets/BUCKET[?prefix=P]  the keys of a bucket's reports
  GET /_holdfast/buckets/BUCKET/KEY     a report's bytes
  PUT|GET /_holdfast/resources, DELETE /_holdfast/resources/ARN   the resource inventory
`;

class UsageError extends Error {}

/** package.json's version (the file sits two folders up from both src/cli and dist/cli). */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

function fail(message: string): never {
  throw new UsageError(message);
}

/** Every flag of `holdfast serve` (USAGE documents each; test/cli checks that it does). */
export const SERVE_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'in-memory': { type: 'boolean' },
  database: { type: 'string' },
  'frozen-clock': { type: 'boolean' },
  'start-time': { type: 'string' },
  'account-map': { type: 'string' },
  resources: { type: 'string' },
  'strict-resources': { type: 'boolean' },
  'default-job-seconds': { type: 'string' },
  organization: { type: 'string' },
  's3-endpoint': { type: 'string' },
  's3-access-key-id': { type: 'string' },
  's3-secret-access-key': { type: 'string' },
  's3-region': { type: 'string' },
  credentials: { type: 'string' },
  strict: { type: 'boolean' },
  'admin-token': { type: 'string' },
  'events-endpoint': { type: 'string' },
  'events-access-key-id': { type: 'string' },
  'events-secret-access-key': { type: 'string' },
  'sns-endpoint': { type: 'string' },
  'sns-access-key-id': { type: 'string' },
  'sns-secret-access-key': { type: 'string' },
  webhook: { type: 'string' },
  'event-log-max-entries': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = Record<string, string | boolean | undefined>;

/** An http(s) URL given to --NAME, or a usage error naming it. */
function httpUrl(name: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail(`--${name} must be a URL such as http://127.0.0.1:9000, not '${text}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`--${name} must be an http:// or https:// URL, not '${text}'`);
  return text;
}

/**
 * --PREFIX-endpoint with its credentials, from the options, then HOLDFAST_PREFIX_* variables,
 * then the AWS ones; `extra` names further options that need the endpoint.
 */
function peerOptions(values: Values, prefix: string, extra: string[] = []): PeerEndpoint | undefined {
  const endpoint = values[`${prefix}-endpoint`] as string | undefined;
  const given = [`${prefix}-access-key-id`, `${prefix}-secret-access-key`, ...extra].filter((k) => values[k] !== undefined);
  if (endpoint === undefined) {
    if (given.length) fail(`--${given[0]} needs --${prefix}-endpoint`);
    return undefined;
  }
  httpUrl(`${prefix}-endpoint`, endpoint);
  const env = process.env;
  const ENV = prefix.toUpperCase();
  const accessKeyId = (values[`${prefix}-access-key-id`] as string | undefined) ?? env[`HOLDFAST_${ENV}_ACCESS_KEY_ID`] ?? env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = (values[`${prefix}-secret-access-key`] as string | undefined) ?? env[`HOLDFAST_${ENV}_SECRET_ACCESS_KEY`] ?? env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    fail(
      `--${prefix}-endpoint needs credentials: give --${prefix}-access-key-id and --${prefix}-secret-access-key, or set HOLDFAST_${ENV}_ACCESS_KEY_ID and HOLDFAST_${ENV}_SECRET_ACCESS_KEY`,
    );
  }
  return { endpoint, accessKeyId, secretAccessKey };
}

/** --s3-endpoint with its credentials, from the options or the environment. */
function s3Options(values: Values): S3SinkOptions | undefined {
  const peer = peerOptions(values, 's3', ['s3-region']);
  return peer && { ...peer, region: values['s3-region'] as string | undefined };
}

/** Where events and vault notifications are delivered (docs/events.md). */
function eventOptions(values: Values): SinkOptions {
  const webhook = values.webhook as string | undefined;
  return { eventBridge: peerOptions(values, 'events'), sns: peerOptions(values, 'sns'), webhook: webhook === undefined ? undefined : httpUrl('webhook', webhook) };
}

/** --event-log-max-entries, else HOLDFAST_EVENT_LOG_MAX_ENTRIES, else the default (undefined). */
function eventLogMaxEntries(values: Values): number | undefined {
  const flag = values['event-log-max-entries'] as string | undefined;
  const text = flag ?? (process.env.HOLDFAST_EVENT_LOG_MAX_ENTRIES || undefined);
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!isLogMaxEntries(n)) fail(`${flag !== undefined ? '--event-log-max-entries' : 'HOLDFAST_EVENT_LOG_MAX_ENTRIES'} ${LOG_MAX_ENTRIES_RULE}, not '${text}'`);
  return n;
}

/**
 * --database, else HOLDFAST_DATABASE_URL unless --data-dir or --in-memory says where state goes
 * (a flag wins over the environment). The URL must be postgres:// or postgresql://.
 */
function databaseUrl(values: Record<string, string | boolean | undefined>): string | undefined {
  const flag = values.database as string | undefined;
  if (flag !== undefined) {
    const other = values['data-dir'] !== undefined ? '--data-dir' : values['in-memory'] ? '--in-memory' : undefined;
    if (other) fail(`--database and ${other} cannot be used together`);
  }
  const env = process.env.HOLDFAST_DATABASE_URL || undefined;
  const url = flag ?? (values['data-dir'] !== undefined || values['in-memory'] ? undefined : env);
  if (url !== undefined && !isPostgresUrl(url)) {
    const source = flag !== undefined ? '--database' : 'HOLDFAST_DATABASE_URL';
    fail(`${source} must be a PostgreSQL URL such as postgres://USER@HOST:5432/DB, not '${maskedUrl(url)}'`);
  }
  return url;
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, strict: true, allowPositionals: false, options: SERVE_OPTIONS });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = values.port === undefined ? DEFAULT_PORT : /^\d+$/.test(values.port) ? Number(values.port) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535, not '${values.port}'`);
  if (values['in-memory'] && values['data-dir']) fail('--in-memory and --data-dir cannot be used together');
  const database = databaseUrl(values);
  let startTime: Date | undefined;
  if (values['start-time'] !== undefined) {
    startTime = new Date(values['start-time']);
    if (Number.isNaN(startTime.getTime())) fail(`--start-time must be an ISO-8601 instant, not '${values['start-time']}'`);
  }
  let accountMap: Record<string, string> | undefined;
  if (values['account-map']) {
    try {
      accountMap = JSON.parse(readFileSync(values['account-map'], 'utf8')) as Record<string, string>;
    } catch (e) {
      fail(`--account-map: cannot read ${values['account-map']}: ${(e as Error).message}`);
    }
  }
  const defaultJobSeconds = values['default-job-seconds'] === undefined ? undefined : Number(values['default-job-seconds']);
  if (defaultJobSeconds !== undefined && !(Number.isFinite(defaultJobSeconds) && defaultJobSeconds >= 0)) {
    fail(`--default-job-seconds must be a number of seconds, not '${values['default-job-seconds']}'`);
  }
  const s3 = s3Options(values);
  const credentialsFile = values.credentials ?? (process.env.HOLDFAST_CREDENTIALS || undefined);
  let credentials: CredentialList | undefined;
  if (credentialsFile !== undefined) {
    try {
      credentials = readCredentialsFile(credentialsFile);
    } catch (e) {
      fail(`--credentials: ${(e as Error).message}`);
    }
  }
  if (values.strict && !credentials?.size) fail('--strict needs --credentials FILE (or HOLDFAST_CREDENTIALS) listing at least one key');
  const adminToken = values['admin-token'] ?? (process.env.HOLDFAST_ADMIN_TOKEN || undefined);
  if (adminToken !== undefined && !isAdminToken(adminToken)) fail(`--admin-token ${ADMIN_TOKEN_RULE}`);
  const events = eventOptions(values);
  const logMaxEntries = eventLogMaxEntries(values);
  const host = values.host ?? '127.0.0.1';
  const holdfast = await startHoldfast({
    port,
    host,
    dataDir: values['data-dir'],
    inMemory: values['in-memory'],
    database,
    frozenClock: values['frozen-clock'],
    startTime,
    accountMap,
    resourcesFile: values.resources,
    strictResources: values['strict-resources'],
    defaultJobSeconds,
    s3,
    events,
    eventLogMaxEntries: logMaxEntries,
    organizationFile: values.organization,
    credentials,
    strict: values.strict,
    adminToken,
  }).catch((e: unknown) => {
    const listen = listenProblem(e, host, port);
    throw listen ? new Error(`--${listen.setting} ${listen.problem}`) : e;
  });
  // One clean close, however many signals come: Ctrl-C under `npm start` reaches the server twice
  // (from the terminal, and forwarded by npm), and a second one must not cut the close short.
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    holdfast.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Printed once the handlers are in place: whoever waits for this line may signal at once (a
  // write to a pipe is synchronous, so the reader can act before the next statement runs).
  process.stdout.write(`Holdfast listening on ${holdfast.url} (port ${holdfast.port})\n`);
  process.stdout.write(`Holdfast console: ${holdfast.url}${CONSOLE_PATH}${consoleBuilt() ? '' : ' (not built: run npm run build)'}\n`);
  for (const warning of startupWarnings(host, values.strict === true, adminToken !== undefined)) process.stderr.write(`holdfast: ${warning}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v' || command === 'version') {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    if (command === 'serve') await serve(rest);
    else if (command === 'clock') await clockCommand(rest, USAGE);
    else fail(`unknown command '${command}'`);
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`holdfast: ${message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '')} (see 'holdfast --help')\n`);
      return 2;
    }
    process.stderr.write(`holdfast: ${message}\n`);
    return 1;
  }
}
