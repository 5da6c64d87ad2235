/**
 * `startHoldfast(options)`: a Holdfast server in this process (in memory and on a free port
 * unless told otherwise), driven through the same admin-API client as connectHoldfast.
 */
import { startHoldfast as startServer, type Holdfast as Server } from '../app.js';
import { ClockStartError } from '../clock/clock-start.js';
import { listenProblem } from '../server/listen-errors.js';
import { DataDirInUseError } from '../store/sqlite/data-dir-lock.js';
import { StoreUnavailableError } from '../store/unavailable.js';
import { AdminHttp } from './admin-http.js';
import { holdfastOver } from './connect.js';
import { HoldfastError, optionError } from './errors.js';
import { checkStartOptions } from './start-options.js';
import type { Holdfast, StartOptions } from './types.js';

/** Names the option behind a failure to listen or to open the data folder. */
function startError(e: unknown, host: string, port: number, dataDir: string | undefined, database: string | undefined): unknown {
  const listen = listenProblem(e, host, port);
  if (listen) return optionError(listen.setting, listen.problem, e);
  if (database !== undefined && (e instanceof StoreUnavailableError || /^PostgreSQL migration/.test((e as Error).message))) {
    return optionError('database', `cannot be used: ${(e as Error).message}`, e);
  }
  if (e instanceof DataDirInUseError) return optionError('dataDir', `cannot be used: ${e.message}`, e);
  if (e instanceof ClockStartError) return optionError(e.option, `cannot be used: ${e.message}`, e);
  const code = (e as { code?: string }).code ?? '';
  if (dataDir !== undefined && (code.startsWith('SQLITE_') || ['ENOENT', 'EACCES', 'ENOTDIR', 'EEXIST', 'EROFS'].includes(code))) {
    return optionError('dataDir', `'${dataDir}' cannot be used: ${(e as Error).message}`, e);
  }
  return e;
}

/**
 * Starts Holdfast in this process: in memory and on a free port unless told otherwise. Resolves
 * once it serves; `close()` (or `await using`) stops it. A bad option is a HoldfastError naming it.
 */
export async function startHoldfast(options: StartOptions = {}): Promise<Holdfast> {
  const checked = await checkStartOptions(options);
  const { host = '127.0.0.1', port = 0, dataDir, database } = checked.server;
  let server: Server;
  try {
    server = await startServer(checked.server);
  } catch (e) {
    throw startError(e, host, port, dataDir, database);
  }
  const hf = holdfastOver(new AdminHttp(server.url, checked.server.adminToken), () => server.close(), checked.listed);
  // The server checks what these options carry, as it checks the admin API's bodies.
  const load = async (option: string, put: () => Promise<void>): Promise<void> => {
    try {
      await put();
    } catch (e) {
      await hf.close();
      throw e instanceof HoldfastError ? optionError(option, `was refused: ${e.message.replace(/^[\w.]+: (body\.)?/, '')}`, e) : e;
    }
  };
  const { resources, organization } = checked;
  if (resources) await load('resources', () => hf.resources.put(resources));
  if (organization) await load('organization', () => hf.organization.set(organization));
  return hf;
}
