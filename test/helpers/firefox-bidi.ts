/**
 * Playwright 1.65's WebDriver BiDi Firefox sends emulation.setMediaFeaturesOverride (to set
 * prefers-color-scheme) whenever it makes a browser context or page, and Firefox ESR 153 does
 * not know that command: every newPage() fails with "unknown command". The console's tests set
 * no colour scheme, so an "unknown command" answer to that one command is taken as success; any
 * other error, and every other command, passes through untouched. Firefox versions that know the
 * command answer it themselves.
 */
import { createRequire } from 'node:module';

/** Commands whose "unknown command" answer means nothing to these tests. */
const OPTIONAL = new Set(['emulation.setMediaFeaturesOverride']);

interface BidiMessage {
  id?: number;
  method?: string;
  type?: string;
  error?: string;
}
interface Transport {
  onmessage?: (m: BidiMessage) => void;
  send: (this: Transport, m: BidiMessage) => void;
}

let installed = false;

export function tolerateMissingBidiCommands(): void {
  if (installed) return;
  installed = true;
  // playwright-core/lib/coreBundle exports the server's WebSocket transport (BiDi's connection).
  const core = createRequire(import.meta.url)('playwright-core/lib/coreBundle') as { server: { WebSocketTransport: { prototype: Transport } } };
  const proto = core.server.WebSocketTransport.prototype;
  const send = proto.send;
  const pending = new WeakMap<Transport, Set<number>>();
  proto.send = function (this: Transport, m: BidiMessage) {
    if (m.method && OPTIONAL.has(m.method) && m.id !== undefined) {
      let ids = pending.get(this);
      if (!ids) {
        pending.set(this, (ids = new Set()));
        const receive = this.onmessage;
        this.onmessage = (reply) => {
          if (reply.id !== undefined && ids!.delete(reply.id) && reply.type === 'error' && reply.error === 'unknown command') {
            receive?.({ type: 'success', id: reply.id, result: {} } as BidiMessage);
            return;
          }
          receive?.(reply);
        };
      }
      ids.add(m.id);
    }
    send.call(this, m);
  };
}
