/**
 * The browser page (examples/browser) in headless Chromium: bundle it with esbuild, serve
 * it on localhost, load it with playwright-core driving Debian's chromium, and check the
 * σ it learned and printed. Skipped, with a message, only when the browser is missing
 * (`apt-get install -y chromium`; another binary can be named in CHROMIUM_PATH).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildPage, servePage } from '../../examples/browser/build.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(executablePath);
if (!haveChromium) {
  console.warn(
    `SKIPPED the browser test: no Chromium at ${executablePath} (install Debian's with ` +
      '`apt-get install -y chromium`, or set CHROMIUM_PATH)',
  );
}

// The flags this machine needs (see the machine notes): no sandbox as root, no GPU, and
// no background networking, which the closed network would refuse. playwright-core
// launches with a fresh, empty profile of its own.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe.skipIf(!haveChromium)('examples/browser in headless Chromium', () => {
  // Everything happens inside the test (no beforeAll), so a failure to build, serve or
  // launch counts as a failed test rather than a skipped one.
  it('imports pathwise, learns σ = 0.5 and prints it', async () => {
    const site = await servePage(await buildPage());
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath, args: ARGS, headless: true });
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(site.url);
      const result = page.locator('#result:not([data-status="running"])');
      await result.waitFor({ timeout: 60_000 });
      const text = await result.textContent();
      const status = await result.getAttribute('data-status');
      expect(errors, 'errors in the page').toEqual([]);
      expect(status, `the page says: ${text}`).toBe('done');
      const sigma = Number(await result.getAttribute('data-sigma'));
      expect(Math.abs(sigma - 0.5)).toBeLessThan(1e-6); // BumpLayer.fit: 320 Adam steps
      expect(text).toMatch(/learned σ = 0\.5000/);
      await page.screenshot({ path: path.join(os.tmpdir(), 'pathwise-browser-page.png') });
    } finally {
      await browser?.close();
      await site.close();
    }
  });
});
