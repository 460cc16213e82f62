// Chromium through playwright-core, launched from the system binary with the flags CI allows. A page puts its
// report on `window.__contract`; console errors and uncaught exceptions are kept for failure messages.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import config from '../../playwright.config.js';

const { executablePath: CHROMIUM, args: ARGS } = config.use.launchOptions;

export { CHROMIUM };

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium (see .ci/run)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export interface PageOutcome<T> {
  value: T | undefined;
  /** Console messages (type: text) and uncaught page errors, in order. */
  log: string[];
  ms: number;
}

/** Opens `url` in a fresh context and waits for `window[global]` (or only for `until` log lines). */
export async function runPage<T>(
  browser: Browser,
  url: string,
  { global = '__contract', timeoutMs = 60_000 }: { global?: string; timeoutMs?: number } = {},
): Promise<PageOutcome<T>> {
  const started = Date.now();
  const context = await browser.newContext();
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (m) => log.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  try {
    await page.goto(url);
    const handle = await page.waitForFunction((name) => (globalThis as Record<string, unknown>)[name], global, {
      timeout: timeoutMs,
      polling: 100,
    });
    return { value: (await handle.jsonValue()) as T, log, ms: Date.now() - started };
  } catch (error) {
    log.push(`harness: ${(error as Error).message.split('\n')[0]}`);
    return { value: undefined, log, ms: Date.now() - started };
  } finally {
    await context.close();
  }
}

/** Opens `url` and collects the JSON values passed to `console.log` until `done(values)` or `timeoutMs`. */
export async function collectConsole(
  browser: Browser,
  url: string,
  done: (values: unknown[]) => boolean,
  timeoutMs = 20_000,
): Promise<{ values: unknown[]; log: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const values: unknown[] = [];
  const log: string[] = [];
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  page.on('console', async (m) => {
    log.push(`${m.type()}: ${m.text()}`);
    for (const arg of m.args()) values.push(await arg.jsonValue().catch(() => m.text()));
    if (done(values)) finish();
  });
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  const timer = setTimeout(finish, timeoutMs);
  try {
    await page.goto(url);
    await finished;
    return { values, log };
  } finally {
    clearTimeout(timer);
    await context.close();
  }
}
