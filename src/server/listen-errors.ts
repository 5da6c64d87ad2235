/**
 * Why a server could not listen, in words that name the setting at fault: the CLI says `--port`,
 * the Node API says `option 'port'`; both take the problem from here.
 */
export interface ListenProblem {
  setting: 'port' | 'host';
  problem: string;
}

export function listenProblem(e: unknown, host: string, port: number): ListenProblem | undefined {
  const { code, syscall, message } = e as { code?: string; syscall?: string; message?: string };
  if (code === 'EADDRINUSE') return { setting: 'port', problem: `${port} is already in use on ${host} (EADDRINUSE); pick another port, or 0 for a free one` };
  if (code === 'EACCES' && syscall === 'listen') return { setting: 'port', problem: `${port} cannot be opened on ${host} (ports below 1024 need privileges): ${message}` };
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { setting: 'host', problem: `'${host}' cannot be listened on: ${code}` };
  return undefined;
}
