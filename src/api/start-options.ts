/**
 * Checks startHoldfast's options and turns them into the server's: every problem is a
 * HoldfastError naming the option, thrown before anything starts.
 */
import { readFile } from 'node:fs/promises';
import type { HoldfastOptions } from '../app.js';
import { maskedUrl } from '../store/postgres/pg-database.js';
import { isPostgresUrl } from '../store/postgres/pg-store.js';
import { optionError } from './errors.js';
import type { ListedKey, OrganizationDocument, ResourceEntry, StartOptions } from './types.js';
import { ADMIN_TOKEN_RULE, isAdminToken } from '../server/admin-auth.js';
import { CredentialsError, parseCredentials } from '../server/credentials.js';
import { isLogMaxEntries, LOG_MAX_ENTRIES_RULE } from '../services/events/module.js';

const KNOWN: readonly (keyof StartOptions)[] = [
  'port',
  'host',
  'dataDir',
  'inMemory',
  'database',
  'frozenClock',
  'startTime',
  'resources',
  'strictResources',
  'organization',
  'accountMap',
  'defaultJobSeconds',
  's3',
  'credentials',
  'strict',
  'adminToken',
  'eventLogMaxEntries',
];
const S3_KNOWN = ['endpoint', 'accessKeyId', 'secretAccessKey', 'region'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v === 'object' ? 'an object' : String(v));

function optionalString(o: Record<string, unknown>, key: string, name = key): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') throw optionError(name, `must be a non-empty string, not ${shown(v)}`);
  return v;
}

function optionalBoolean(o: Record<string, unknown>, key: string): boolean | undefined {
  const v = o[key];
  if (v !== undefined && typeof v !== 'boolean') throw optionError(key, `must be true or false, not ${shown(v)}`);
  return v;
}

function startTime(v: unknown): Date | undefined {
  if (v === undefined) return undefined;
  const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw optionError('startTime', `must be a valid Date or an ISO-8601 instant such as 2026-01-01T00:00:00Z, not ${shown(v)}`);
  return new Date(ms);
}

function accountMap(v: unknown): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) throw optionError('accountMap', `must be an object of access key id -> 12-digit account id, not ${shown(v)}`);
  for (const [key, account] of Object.entries(v)) {
    if (typeof account !== 'string' || !/^\d{12}$/.test(account)) {
      throw optionError('accountMap', `maps '${key}' to ${shown(account)}, which is not a 12-digit account id`);
    }
  }
  return v as Record<string, string>;
}

function s3(v: unknown): HoldfastOptions['s3'] {
  if (v === undefined) return undefined;
  if (!isObject(v)) throw optionError('s3', `must be {endpoint, accessKeyId, secretAccessKey, region?}, not ${shown(v)}`);
  for (const key of Object.keys(v)) if (!S3_KNOWN.includes(key)) throw optionError('s3', `has an unknown field '${key}' (known: ${S3_KNOWN.join(', ')})`);
  const endpoint = optionalString(v, 'endpoint', 's3.endpoint');
  const accessKeyId = optionalString(v, 'accessKeyId', 's3.accessKeyId');
  const secretAccessKey = optionalString(v, 'secretAccessKey', 's3.secretAccessKey');
  if (endpoint === undefined || accessKeyId === undefined || secretAccessKey === undefined) {
    throw optionError('s3', 'needs endpoint, accessKeyId and secretAccessKey');
  }
  let protocol = '';
  try {
    protocol = new URL(endpoint).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw optionError('s3.endpoint', `must be an http:// or https:// URL such as http://127.0.0.1:9000, not '${endpoint}'`);
  return { endpoint, accessKeyId, secretAccessKey, region: optionalString(v, 'region', 's3.region') };
}

/** Reads a JSON file named by an option, or answers the value given inline. */
async function jsonFile(option: string, path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw optionError(option, `names a file that cannot be read: ${(e as Error).message}`, e);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw optionError(option, `names ${path}, which is not JSON: ${(e as Error).message}`, e);
  }
}

async function resources(v: unknown): Promise<ResourceEntry[] | undefined> {
  if (v === undefined) return undefined;
  const value = typeof v === 'string' ? await jsonFile('resources', v) : v;
  const list = Array.isArray(value) ? value : isObject(value) ? value.resources : undefined;
  if (!Array.isArray(list)) {
    throw optionError('resources', typeof v === 'string' ? `names ${v}, which must hold {"resources": [...]} or a list` : `must be a list of inventory entries or a file path, not ${shown(v)}`);
  }
  return list as ResourceEntry[];
}

async function organization(v: unknown): Promise<OrganizationDocument | undefined> {
  if (v === undefined) return undefined;
  const value = typeof v === 'string' ? await jsonFile('organization', v) : v;
  if (!isObject(value)) {
    throw optionError('organization', typeof v === 'string' ? `names ${v}, which must hold a JSON object` : `must be an organization document or a file path, not ${shown(v)}`);
  }
  return value as unknown as OrganizationDocument;
}

/** The listed keys, from the document or its file; each problem names the entry. */
async function credentials(v: unknown): Promise<{ listed: ListedKey[]; keys: NonNullable<HoldfastOptions['credentials']> } | undefined> {
  if (v === undefined) return undefined;
  const value = typeof v === 'string' ? await jsonFile('credentials', v) : v;
  try {
    const keys = parseCredentials(value);
    return { listed: [...keys.values()], keys };
  } catch (e) {
    if (e instanceof CredentialsError) throw optionError('credentials', typeof v === 'string' ? `names ${v}, which ${e.message}` : e.message, e);
    throw e;
  }
}

export interface CheckedStart {
  server: HoldfastOptions;
  /** The listed keys, for credentialsFor. */
  listed: ListedKey[];
  /** Loaded through the admin API once the server listens (the server checks each entry). */
  resources?: ResourceEntry[];
  organization?: OrganizationDocument;
}

export async function checkStartOptions(options: unknown): Promise<CheckedStart> {
  if (options === undefined) options = {};
  if (!isObject(options)) throw optionError('options', `must be an object, not ${shown(options)}`);
  const o = options;
  for (const key of Object.keys(o)) {
    if (!(KNOWN as readonly string[]).includes(key)) throw optionError(key, `is not an option of startHoldfast (known: ${KNOWN.join(', ')})`);
  }
  const port = o.port ?? 0;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw optionError('port', `must be a whole number from 0 to 65535 (0 picks a free port), not ${shown(o.port)}`);
  }
  const dataDir = optionalString(o, 'dataDir');
  const inMemory = optionalBoolean(o, 'inMemory');
  if (dataDir !== undefined && inMemory === true) throw optionError('inMemory', 'cannot be true together with dataDir');
  const database = optionalString(o, 'database');
  if (database !== undefined) {
    if (!isPostgresUrl(database)) throw optionError('database', `must be a PostgreSQL URL such as postgres://USER@HOST:5432/DB, not '${maskedUrl(database)}'`);
    if (dataDir !== undefined) throw optionError('database', 'cannot be given together with dataDir');
    if (inMemory === true) throw optionError('database', 'cannot be given together with inMemory: true');
  }
  const defaultJobSeconds = o.defaultJobSeconds;
  if (defaultJobSeconds !== undefined && !(typeof defaultJobSeconds === 'number' && Number.isFinite(defaultJobSeconds) && defaultJobSeconds >= 0)) {
    throw optionError('defaultJobSeconds', `must be a number of seconds of at least 0, not ${shown(defaultJobSeconds)}`);
  }
  if (o.eventLogMaxEntries !== undefined && !isLogMaxEntries(o.eventLogMaxEntries)) {
    throw optionError('eventLogMaxEntries', `${LOG_MAX_ENTRIES_RULE}, not ${shown(o.eventLogMaxEntries)}`);
  }
  const server: HoldfastOptions = {
    port,
    host: optionalString(o, 'host'),
    dataDir,
    inMemory: dataDir === undefined && database === undefined,
    database,
    frozenClock: optionalBoolean(o, 'frozenClock'),
    startTime: startTime(o.startTime),
    accountMap: accountMap(o.accountMap),
    strictResources: optionalBoolean(o, 'strictResources'),
    defaultJobSeconds,
    s3: s3(o.s3),
    eventLogMaxEntries: o.eventLogMaxEntries,
  };
  const listed = await credentials(o.credentials);
  server.credentials = listed?.keys;
  server.strict = optionalBoolean(o, 'strict');
  if (server.strict && !listed?.keys.size) throw optionError('strict', 'needs credentials listing at least one key');
  server.adminToken = optionalString(o, 'adminToken');
  if (server.adminToken !== undefined && !isAdminToken(server.adminToken)) throw optionError('adminToken', ADMIN_TOKEN_RULE);
  return { server, listed: listed?.listed ?? [], resources: await resources(o.resources), organization: await organization(o.organization) };
}
