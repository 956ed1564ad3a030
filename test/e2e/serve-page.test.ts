/**
 * The web page of `etl-cycle serve` in a real headless browser (Debian's chromium, driven by
 * playwright-core): it loads, shows a run started through the API while it runs, with its log
 * live, and updates when the run ends.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { serveTestKit } from '../support/serve-process.js';

const CHROMIUM = process.env.ETL_CYCLE_TEST_CHROMIUM ?? '/usr/bin/chromium';

const kit = serveTestKit();
let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe('the web page of etl-cycle serve', () => {
  it('shows a run started through the API, its log live, and its end', async () => {
    const project = await kit.project({
      prefix: 'serve-page',
      // Waits for a file the test writes, so the page is seen with the run still running.
      config: `compose: false
orchestrator:
  command: [sh, -c, "echo extracting orders; while [ ! -f release ]; do sleep 0.1; done; echo loaded 42 rows"]
loop:
  max_iterations: 1
git:
  mode: "off"
`,
    });
    const server = await kit.serve(project.dir, [], { ETL_CYCLE_TOKEN: 'page-token' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/#token=page-token`);
    await expect.poll(() => page.textContent('#project')).toBe(project.name);
    await expect.poll(() => page.isVisible('#empty')).toBe(true);

    const res = await fetch(`${server.url}/api/runs`, { method: 'POST', headers: { authorization: 'Bearer page-token' } });
    expect(res.status).toBe(202);
    const { execution_id: id } = (await res.json()) as { execution_id: string };
    const row = `tr[data-run-id="${id}"]`;
    await page.waitForSelector(`${row}[data-state="running"]`, { timeout: 15_000 });
    await page.locator('#log').filter({ hasText: 'extracting orders' }).waitFor({ timeout: 15_000 });
    expect(await page.getAttribute('#log', 'data-run-id')).toBe(id);
    expect(await page.isVisible('#cancel')).toBe(true);

    await writeFile(join(project.dir, 'release'), '');
    await page.waitForSelector(`${row}[data-state="success"]`, { timeout: 30_000 });
    await page.waitForSelector('#log[data-ended="success"]', { timeout: 10_000 });
    expect(await page.textContent('#log')).toContain('loaded 42 rows');
    expect(await page.textContent(`${row} td:nth-child(6)`)).toBe('1');
    await expect.poll(() => page.textContent('#health'), { timeout: 10_000 }).toBe('ok');
    expect(await page.locator('#duration-chart circle.ok').count()).toBe(1);
    expect(await page.locator('#rate-chart rect.ok').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
