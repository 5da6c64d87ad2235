/**
 * moto's server (`python3 -m moto.server`) as a real AWS peer for delivery tests: started on a
 * free loopback port, up once it prints its address; undefined (the test skips, saying why)
 * where python3 or moto is absent.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from './child.js';

export interface Moto {
  url: string;
  close(): Promise<void>;
}

/** Why moto cannot run here, or undefined when it can. */
export function motoMissing(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import moto.server'], { encoding: 'utf8' });
  if (probe.error) return `python3 is not available (${probe.error.message})`;
  if (probe.status !== 0) return `moto's server is not installed for python3 (pip install 'moto[server]'): ${probe.stderr.trim().split('\n').at(-1)}`;
  return undefined;
}

export async function startMoto(timeoutMs = 30_000): Promise<Moto> {
  const port = await freePort();
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`moto did not start within ${timeoutMs} ms: ${output}`)), timeoutMs);
    const look = (c: Buffer): void => {
      output += c.toString();
      if (output.includes(`127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto exited with ${code}: ${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
