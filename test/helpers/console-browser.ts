/**
 * The console's end-to-end tests: a real browser driven by playwright-core, one browser per test
 * file, against an in-process server whose clock is frozen (the console moves it through its
 * clock panel). The browser is Debian's Chromium (/usr/bin/chromium) unless
 * HOLDFAST_TEST_BROWSER=firefox picks Debian's Firefox ESR (/usr/bin/firefox-esr, driven over
 * WebDriver BiDi); .ci/run installs both. test/console/firefox.test.ts drives Firefox whatever the
 * variable says. Where a browser is absent its tests skip, saying so. The console is built first
 * when its sources are newer than dist/console/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, firefox, type Browser, type Page } from 'playwright-core';
import { ROOT } from './child.js';
import { tolerateMissingBidiCommands } from './firefox-bidi.js';

export type BrowserName = 'chromium' | 'firefox';

const BINARY: Record<BrowserName, string> = {
  chromium: process.env.HOLDFAST_CHROMIUM ?? '/usr/bin/chromium',
  firefox: process.env.HOLDFAST_FIREFOX ?? '/usr/bin/firefox-esr',
};
const PACKAGE: Record<BrowserName, string> = { chromium: 'chromium', firefox: 'firefox-esr' };

function browserNamed(name: string | undefined): BrowserName {
  if (name === undefined || name === '' || name === 'chromium') return 'chromium';
  if (name === 'firefox') return 'firefox';
  throw new Error(`HOLDFAST_TEST_BROWSER must be chromium or firefox; got '${name}'`);
}

/** The browser the console's tests drive (HOLDFAST_TEST_BROWSER, default chromium). */
export const BROWSER: BrowserName = browserNamed(process.env.HOLDFAST_TEST_BROWSER);
export const CHROMIUM = BINARY.chromium;

/** Why tests in `name` skip here, or false when they run. */
export function browserMissing(name: BrowserName): string | false {
  return existsSync(BINARY[name]) ? false : `${name} is not installed at ${BINARY[name]} (Debian package ${PACKAGE[name]}; .ci/run installs it)`;
}

/** Why the console's browser tests skip here, or false when they run. */
export const noBrowser: string | false = browserMissing(BROWSER);

/** Builds the console when it is out of date (scripts/build.mjs --console --if-stale). */
export function buildConsole(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--console', '--if-stale'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the console failed: ${r.stderr}${r.stdout}`);
}

export async function launchBrowser(name: BrowserName = BROWSER): Promise<Browser> {
  buildConsole();
  if (name === 'firefox') {
    tolerateMissingBidiCommands();
    // Playwright's WebDriver BiDi Firefox (the "moz-firefox" channel), on Debian's Firefox ESR.
    return firefox.launch({ channel: 'moz-firefox', executablePath: BINARY.firefox });
  }
  return chromium.launch({ executablePath: BINARY.chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
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
