/**
 * Matches a request's method and raw path against the URI templates of the model. Paths are
 * split on `/` before any decoding (ARNs travel percent-encoded inside one segment), a trailing
 * slash is ignored (botocore and the JS SDK disagree on it), and a literal segment wins over a
 * label when two templates could both match.
 */
import { ServiceError } from './errors.js';
import type { OperationModel } from './model.js';

export interface RouteMatch {
  operation: OperationModel;
  labels: Record<string, string>;
}

interface Route {
  operation: OperationModel;
  /** For each segment: the literal, or null for a label (whose name is in labelNames). */
  literals: (string | null)[];
  labelNames: (string | null)[];
  specificity: number;
}

export class Router {
  private readonly routes = new Map<string, Route[]>();
  private readonly paths = new Map<number, Route[]>();

  constructor(operations: OperationModel[]) {
    for (const operation of operations) {
      const literals = operation.segments.map((s) => (s.startsWith('{') ? null : s));
      const labelNames = operation.segments.map((s) => (s.startsWith('{') ? s.slice(1, -1).replace(/\+$/, '') : null));
      // Literal segments earlier in the path weigh more; a required query literal breaks ties.
      let specificity = operation.queryLiterals.length;
      literals.forEach((l, i) => {
        if (l !== null) specificity += 2 ** (20 - i);
      });
      const route: Route = { operation, literals, labelNames, specificity };
      const key = `${operation.method} ${literals.length}`;
      const list = this.routes.get(key) ?? [];
      list.push(route);
      list.sort((a, b) => b.specificity - a.specificity);
      this.routes.set(key, list);
      const byLength = this.paths.get(literals.length) ?? [];
      byLength.push(route);
      this.paths.set(literals.length, byLength);
    }
  }

  /** Returns the matching operation, or undefined when no template has this method and path. */
  match(method: string, rawPath: string, queryKeys: { has(key: string): boolean }): RouteMatch | undefined {
    const segments = splitPath(rawPath);
    const candidates = this.routes.get(`${method} ${segments.length}`);
    if (!candidates) return undefined;
    for (const route of candidates) {
      const literals = route.operation.queryLiterals;
      if (literals.length > 0 && !literals.every((q) => queryKeys.has(q))) continue;
      if (!matches(route, segments)) continue;
      const labels: Record<string, string> = {};
      for (let i = 0; i < segments.length; i++) {
        const label = route.labelNames[i];
        if (label) labels[label] = decodeSegment(segments[i]!);
      }
      return { operation: route.operation, labels };
    }
    return undefined;
  }

  /** True when some operation has this path under another method. */
  pathExists(rawPath: string): boolean {
    const segments = splitPath(rawPath);
    return (this.paths.get(segments.length) ?? []).some((r) => matches(r, segments));
  }
}

function matches(route: Route, segments: string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const literal = route.literals[i];
    if (literal !== null && literal !== segments[i]) return false;
    if (literal === null && segments[i] === '') return false;
  }
  return true;
}

function splitPath(rawPath: string): string[] {
  const segments = rawPath.split('/');
  segments.shift();
  if (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  return segments;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ServiceError('InvalidParameterValueException', `The path segment '${segment}' is not valid percent-encoding.`);
  }
}
