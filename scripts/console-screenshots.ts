/**
 * `node --import tsx scripts/console-screenshots.ts`: seeds a small account
 * (test/helpers/console-demo.ts) in an in-process server on a frozen clock, opens each view of
 * the console's navigation in headless Chromium (/usr/bin/chromium) and writes
 * docs/console/<view>.png. Run it after changing a view; docs/console.md shows the images.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { seedConsoleDemo } from '../test/helpers/console-demo.js';
import { launchBrowser, noBrowser, openConsole, pageErrors } from '../test/helpers/console-browser.js';
import { ROOT } from '../test/helpers/child.js';
import { ACCOUNT, startTestServer } from '../test/helpers/server.js';

if (noBrowser) {
  console.error(`console-screenshots: ${noBrowser}`);
  process.exit(1);
}
const out = join(ROOT, 'docs', 'console');
mkdirSync(out, { recursive: true });
const t = await startTestServer();
const browser = await launchBrowser();
try {
  await seedConsoleDemo(t);
  const scope = `account=${ACCOUNT}&region=us-east-1`;
  const page = await openConsole(browser, t.url, `vaults?${scope}`, { width: 1400, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
  const views = await page.locator('nav.views a').evaluateAll((links) => links.map((a) => (a.getAttribute('href') ?? '').replace(/^#\//, '').split('?')[0]!));
  // What each view shows selected, so the screenshot has its details panel too.
  const selection: Record<string, string> = { vaults: '&vault=main', 'recovery-points': '&vault=main' };
  for (const view of views) {
    await page.goto(`${t.url}/_holdfast/ui/#/${view}?${scope}${selection[view] ?? ''}`);
    await page.locator('main.view').waitFor();
    await page.waitForLoadState('networkidle');
    // Let the timeline and lists lay out, and the lazy parts (storage classes, protection) arrive.
    await page.waitForTimeout(1500);
    // The first row of the view's list selected, for its details (a vault is chosen above).
    const first = page.locator('main.view [role=row], main.view tbody tr').first();
    if (view !== 'vaults' && (await first.count())) await first.click();
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(out, `${view}.png`), fullPage: true });
    console.log(`console-screenshots: docs/console/${view}.png`);
  }
  if (pageErrors(page).length) throw new Error(`the console threw: ${pageErrors(page).join('; ')}`);
} finally {
  await browser.close();
  await t.close();
}
