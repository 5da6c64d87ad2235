/**
 * The console's end-to-end tests: Debian's Chromium (/usr/bin/chromium, installed by .ci/run)
 * driven by playwright-core, one browser per test file, against an in-process server whose clock
 * is frozen (the console moves it through its clock panel). Where Chromium is absent the tests
 * skip, saying so. The console is built first when its sources are newer than dist/console/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './child.js';

export const CHROMIUM = process.env.HOLDFAST_CHROMIUM ?? '/usr/bin/chromium';

/** Why the console's browser tests skip here, or false when they run. */
export const noBrowser: string | false = existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM} (Debian package chromium; .ci/run installs it)`;

/** Builds the console when it is out of date (scripts/build.mjs --console --if-stale). */
export function buildConsole(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--console', '--if-stale'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the console failed: ${r.stderr}${r.stdout}`);
}

export async function launchBrowser(): Promise<Browser> {
  buildConsole();
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

const thrown = new WeakMap<Page, string[]>();

/** A new page on the console's view `hash` (e.g. "jobs?account=111111111111"), collecting the errors it throws (pageErrors). */
export async function openConsole(browser: Browser, url: string, hash: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  thrown.set(page, errors);
  page.setDefaultTimeout(15_000);
  await page.goto(`${url}/_holdfast/ui/#/${hash}`);
  return page;
}

/** The errors the page has thrown so far. */
export const pageErrors = (page: Page): string[] => thrown.get(page) ?? [];
