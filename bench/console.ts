/**
 * The console at scale (issue 17): one account with 100,000 backup jobs, 100,000 recovery
 * points and 100,000 inventory entries (bench/console-seed.ts), then
 *  - each /_holdfast/console/* route and two pages of /_holdfast/resources, median of 7 over
 *    HTTP (target 100 ms: none reads more rows than it answers);
 *  - each console view's first screen in headless Chromium (/usr/bin/chromium through
 *    playwright-core): from navigation start to the view drawn with no "Loading" left, a fresh
 *    page load each time (the assets cached, as after a first visit), median of 3; PASS under 1 second.
 * bench/run.ts runs it as the suite 'console' (`npm run bench -- --only console`);
 * `node --import tsx bench/console.ts` runs it alone (it builds the console first if stale).
 * HOLDFAST_TEST_BACKEND=postgres runs it on a throwaway PostgreSQL database (test/helpers/server.ts).
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { seedConsoleScale, SCALE } from './console-seed.js';
import { ACCOUNT, startTestServer } from '../test/helpers/server.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROUTE_TARGET_MS = 100;
const VIEW_TARGET_MS = 1000;

export interface ConsoleBenchResult {
  name: string;
  ms: number;
  targetMs: number;
  verdict: 'PASS' | 'FAIL';
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const result = (name: string, ms: number, targetMs: number): ConsoleBenchResult => ({ name, ms, targetMs, verdict: ms < targetMs ? 'PASS' : 'FAIL' });

/** Milliseconds from navigation start until the view is drawn and nothing in it is loading. */
async function firstScreen(page: Page, url: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url);
  const handle = await page.waitForFunction(
    () => {
      const main = document.querySelector('main.view');
      if (!main || main.children.length === 0 || main.querySelector('.loading')) return false;
      return performance.now();
    },
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

export async function runConsoleBench(): Promise<ConsoleBenchResult[]> {
  const results: ConsoleBenchResult[] = [];
  const t = await startTestServer();
  try {
    let start = performance.now();
    const seeded = await seedConsoleScale(t);
    console.error(`console bench: seeded ${SCALE.toLocaleString('en-US')} jobs, points and inventory entries in ${((performance.now() - start) / 1000).toFixed(1)} s`);

    const q = (params: Record<string, string>): string => new URLSearchParams({ account: ACCOUNT, region: 'us-east-1', ...params }).toString();
    const routes: [string, string][] = [
      ['console/scopes', '/console/scopes'],
      ['console/protection of 100 points', `/console/protection?${q({})}&${seeded.pointArns.map((a) => `arn=${encodeURIComponent(a)}`).join('&')}`],
      ['console/plans/next-firings', `/console/plans/next-firings?${q({ planId: seeded.planId })}`],
      ['console/selection-matches', `/console/selection-matches?${q({ planId: seeded.planId, selectionId: seeded.selectionId })}`],
      ['console/job-relations', `/console/job-relations?${q({ jobId: seeded.jobId })}`],
      ['resources, a page of 100', '/resources?limit=100'],
      ['resources, a page of injected failures', '/resources?limit=100&injected=true'],
    ];
    for (const [name, path] of routes) {
      const first = await t.admin('GET', path);
      if (first.status !== 200) throw new Error(`${path} answered ${first.status}: ${JSON.stringify(first.json)}`);
      const runs: number[] = [];
      for (let i = 0; i < 7; i++) {
        start = performance.now();
        await t.admin('GET', path);
        runs.push(performance.now() - start);
      }
      results.push(result(`GET /_holdfast/${name} over ${SCALE.toLocaleString('en-US')} jobs, points and inventory entries (median of 7)`, median(runs), ROUTE_TARGET_MS));
    }

    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      // Every view the console's navigation lists (its registry, console/src/views/index.ts).
      await page.goto(`${t.url}/_holdfast/ui/`);
      const views = await page.$$eval('nav.views a', (links) => links.map((a) => (a.getAttribute('href') ?? '').replace(/^#\/?/, '').split('?')[0]!));
      if (views.length === 0) throw new Error('the console lists no views');
      // Each view as it opens, then some whose first screen also shows a selected record or a filter: [label, view, more parameters].
      const screens: [string, string, string][] = [
        ...views.map((v): [string, string, string] => [v, v, '']),
        ['plans, a plan selected', 'plans', `&plan=${seeded.planId}`],
        ['legal-holds, a hold selected', 'legal-holds', `&hold=${seeded.holdId}`],
        ['jobs, state FAILED', 'jobs', '&state=FAILED'],
        ['recovery-points, vault bench', 'recovery-points', '&vault=bench'],
        ['inventory, injected failures only', 'inventory', '&injected=true'],
        ['inventory, ARN or type contains "table/"', 'inventory', '&contains=table%2F'],
      ];
      for (const [view, id, more] of screens) {
        const url = `${t.url}/_holdfast/ui/#/${id}?account=${ACCOUNT}&region=us-east-1${more}`;
        const runs: number[] = [];
        for (let i = 0; i < 3; i++) runs.push(await firstScreen(page, url));
        results.push(result(`console view '${view}' first screen in headless Chromium (median of 3)`, median(runs), VIEW_TARGET_MS));
      }
    } finally {
      await browser.close();
    }
  } finally {
    await t.close();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  for (const r of await runConsoleBench()) console.log(`${r.verdict} ${r.ms.toFixed(1).padStart(8)} ms (target ${r.targetMs} ms)  ${r.name}`);
}
