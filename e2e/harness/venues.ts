// Chromium, the page server and local Deribit and Binance simulators, started together for the browser suites
// that run the venues in a page (after a build, if the sources are newer than it).
import {
  type BinanceSimulator,
  type BinanceSimulatorOptions,
  type DeribitSimulator,
  type DeribitSimulatorOptions,
  startBinanceSimulator,
  startDeribitSimulator,
} from '@zen-websocket/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildOnce } from '../../packages/sdk/test/build.js';
import { launchChromium } from './browser.js';
import { type Harness, startHarness } from './servers.js';

export interface BrowserVenues {
  browser: Browser;
  harness: Harness;
  deribit: DeribitSimulator;
  binance: BinanceSimulator;
  /** Closes the browser, the page server and both simulators. */
  close(): Promise<void>;
}

/** Starts them in parallel; the simulators listen on 127.0.0.1, port 0, with the given options. */
export async function startBrowserVenues(
  options: { deribit?: DeribitSimulatorOptions; binance?: BinanceSimulatorOptions } = {},
): Promise<BrowserVenues> {
  buildOnce();
  const [browser, harness, deribit, binance] = await Promise.all([
    launchChromium(),
    startHarness(),
    startDeribitSimulator({ port: 0, ...options.deribit }),
    startBinanceSimulator({ port: 0, ...options.binance }),
  ]);
  return {
    browser,
    harness,
    deribit,
    binance,
    close: async () => {
      await Promise.all([browser.close(), harness.close(), deribit.stop(), binance.stop()]);
    },
  };
}

/**
 * Registers the suite's `beforeAll`/`afterAll` that start and close them, and returns the object they fill in
 * (its fields are set once the suite starts); `then` runs right after the start (e.g. to add pages).
 */
export function useBrowserVenues(
  options: Parameters<typeof startBrowserVenues>[0] = {},
  then?: (venues: BrowserVenues) => void,
): BrowserVenues {
  const venues = {} as BrowserVenues;
  beforeAll(async () => {
    Object.assign(venues, await startBrowserVenues(options));
    then?.(venues);
  }, 180_000);
  afterAll(async () => {
    await venues.close?.();
  });
  return venues;
}
