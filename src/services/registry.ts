/**
 * The handler registry: every domain contributes handlers typed by the SDK's own input and
 * output types, so the compiler holds each response to the official shape. An operation with
 * no handler answers 501 NotImplementedException (see server/dispatch.ts), and
 * `npm run coverage` reads this registry to write docs/api-coverage.md.
 */
import type { OperationTypes } from '../protocol/generated/model-types.js';
import type { OperationName } from '../protocol/model.js';
import type { RequestContext } from './context.js';

export type Handler<Op extends OperationName> = (
  input: OperationTypes[Op]['input'],
  ctx: RequestContext,
) => Promise<OperationTypes[Op]['output']>;

export type Handlers = { [Op in OperationName]?: Handler<Op> };

/** Merges the handler sets of every domain; two domains claiming one operation is a bug. */
export function mergeHandlers(...sets: Handlers[]): Handlers {
  const merged: Handlers & Record<string, unknown> = {};
  for (const set of sets) {
    for (const [name, handler] of Object.entries(set)) {
      if (merged[name]) throw new Error(`Operation ${name} has two handlers`);
      merged[name] = handler;
    }
  }
  return merged;
}
