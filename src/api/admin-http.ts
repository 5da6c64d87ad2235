/**
 * Calls to one server's admin API (/_holdfast/*) over node:http(s) with keep-alive connections
 * of its own. Not fetch: its first call in a process loads undici, which took longer than the
 * reset a test suite runs before every test.
 */
import { Agent, request, type IncomingMessage, type RequestOptions } from 'node:http';
import { HoldfastError } from './errors.js';

export interface Reply {
  status: number;
  text: string;
}

type Requester = (url: URL, options: RequestOptions, callback: (res: IncomingMessage) => void) => ReturnType<typeof request>;

export class AdminHttp {
  private agent: Agent | undefined;
  private requester: Requester | undefined;

  /** `base` is the server's URL without a trailing slash; `adminToken` is sent as a bearer token. */
  constructor(
    readonly base: string,
    private readonly adminToken?: string,
  ) {}

  private async transport(): Promise<{ agent: Agent; requester: Requester }> {
    if (!this.agent || !this.requester) {
      if (this.base.startsWith('https:')) {
        const https = await import('node:https');
        this.agent = new https.Agent({ keepAlive: true });
        this.requester = https.request;
      } else {
        this.agent = new Agent({ keepAlive: true });
        this.requester = request;
      }
    }
    return { agent: this.agent, requester: this.requester };
  }

  /**
   * Answers one call, or throws a HoldfastError naming it (`what`): an unreachable server, or the
   * server's own error text. With `timeoutMs`, a server that does not answer in time is an error.
   */
  async call(what: string, method: string, path: string, body?: unknown, timeoutMs?: number): Promise<Reply> {
    const { agent, requester } = await this.transport();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const reply = await new Promise<Reply>((resolve, reject) => {
      const unreachable = (why: string, cause?: unknown): void => reject(new HoldfastError(`${what}: cannot reach a Holdfast server at ${this.base}: ${why}`, { cause }));
      const req = requester(
        new URL(`${this.base}/_holdfast${path}`),
        { method, agent, headers: { ...this.auth(), ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => unreachable(e.message, e));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      if (timeoutMs !== undefined) req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })));
      req.on('error', (e: NodeJS.ErrnoException) => unreachable(e.code === 'ETIMEDOUT' ? e.message : (e.code ?? e.message), e));
      req.end(payload);
    });
    if (reply.status < 200 || reply.status > 299) {
      let message = reply.text;
      try {
        message = (JSON.parse(reply.text) as { error?: string }).error ?? reply.text;
      } catch {
        // not JSON: show it as it came
      }
      throw new HoldfastError(`${what}: ${message}`, { status: reply.status });
    }
    return reply;
  }

  private auth(): Record<string, string> {
    return this.adminToken === undefined ? {} : { authorization: `Bearer ${this.adminToken}` };
  }

  /** Closes the idle keep-alive connections. */
  close(): void {
    this.agent?.destroy();
  }
}
