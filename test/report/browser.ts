// Opens a report.html from file:// in Debian's Chromium (never one downloaded by playwright).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function haveChromium(): boolean {
  return existsSync(CHROMIUM);
}

export interface OpenedReport {
  /** Console errors and uncaught page errors, in order. */
  errors: string[];
  /** Alerts, confirms and prompts: a report must never open one. */
  dialogs: string[];
  charts: { name: string; rendered: string | null; marks: number }[];
  heading: string;
  title: string;
}

/** Loads the report, waits until every chart has rendered (or failed), and screenshots it to `screenshot`. */
export async function openReport(html: string, screenshot: string): Promise<OpenedReport> {
  const profile = mkdtempSync(join(tmpdir(), 'secfaas-chromium-'));
  // a fresh profile each time: nothing cached from an earlier report
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // anything but a file of the report is a network request an offline report must not make
    await page.route(/^(?!file:)/, (route) => {
      errors.push(`network request: ${route.request().url()}`);
      void route.abort();
    });
    await page.goto(pathToFileURL(html).href);
    // page code as strings: the project compiles without the DOM's types
    await page.waitForFunction(`[...document.querySelectorAll('figure.chart')].every((f) => f.dataset.rendered !== undefined)`, undefined, { timeout: 60_000 });
    const charts = (await page.evaluate(`[...document.querySelectorAll('figure.chart')].map((f) => ({
      name: f.dataset.name ?? '',
      rendered: f.dataset.rendered ?? null,
      // drawn data marks (not axes): the paths and shapes of vega's mark groups
      marks: f.querySelectorAll('svg g.role-mark path, svg g.role-mark line, svg g.role-mark rect').length,
    }))`)) as OpenedReport['charts'];
    await page.screenshot({ path: screenshot, fullPage: true });
    return { errors, dialogs, charts, heading: (await page.textContent('h1')) ?? '', title: await page.title() };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
