/**
 * What a benchmark scenario is. A domain adds its scenarios in a module under bench/scenarios/
 * and lists that module in bench/scenarios/index.ts. `setup` runs once in the bench process
 * against the fresh server; `request` runs in the load-generator process, once per request.
 */
export interface BenchRequest {
  method: string;
  /** Path and query, already percent-encoded. */
  path: string;
  body?: string;
}

export interface Scenario {
  /** Unique; shown in the results table (usually the operation and its conditions). */
  name: string;
  /** Prepares data through the server's HTTP API (use `call`). Scenarios run in list order. */
  setup?: (call: (req: BenchRequest) => Promise<{ status: number; body: string }>) => Promise<void>;
  /** The n-th request of connection `conn`. Must be cheap: it runs inside the measurement. */
  request: (n: number, conn: number) => BenchRequest;
  /** The status every request must answer; anything else is counted as an error. */
  expectStatus: number;
}

/**
 * An in-process benchmark of one domain's internals (no HTTP), run after the HTTP scenarios.
 * Each result is printed as one line of its fields (name, ms, target, ...).
 */
export interface BenchSuite {
  name: string;
  run: () => Promise<object[]>;
}
