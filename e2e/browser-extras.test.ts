// The extras add-on (zen-websocket.extras.iife.min.js, ZenWebsocket.extras) in Chromium: `explain()` with its
// tables and `client.messages()` left the core script tag for it (issue 12, script tag <= 15 KB). Without the
// add-on both must throw a TypeError naming the script, never do nothing, while the rest of the core script
// works; with it they behave as in every other build. Against a local echo server on 127.0.0.1, port 0.

import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { buildOnce } from '../packages/sdk/test/build.js';
import { launchChromium, runPage } from './harness/browser.js';
import { type Harness, startHarness } from './harness/servers.js';

interface Attempt {
  ok: boolean;
  value?: { message: string; suggestion: string };
  name?: string;
  message?: string;
}
interface ExtrasReport {
  ok: boolean;
  name?: string;
  message?: string;
  addOn: string;
  failure?: { code?: string; message?: string };
  explainFailure?: Attempt;
  explainSystem?: Attempt;
  reply?: unknown;
  messages?: { ok: boolean; name?: string; message?: string; first?: unknown };
}

let browser: Browser;
let harness: Harness;
let echo: WebSocketServer;
let closedUrl: string;

beforeAll(async () => {
  buildOnce();
  // Answers a JSON-RPC request with its method and params; sends anything else back as it came.
  echo = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  echo.on('connection', (socket) =>
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { id?: number; method?: string; params?: unknown };
      const reply =
        frame.id === undefined ? frame : { jsonrpc: '2.0', id: frame.id, result: [frame.method, frame.params] };
      socket.send(JSON.stringify(reply));
    }),
  );
  await new Promise<void>((resolve) => echo.once('listening', resolve));
  // A port that was listening a moment ago and is closed now: connecting to it fails at once.
  const gone = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => gone.once('listening', resolve));
  closedUrl = `ws://127.0.0.1:${(gone.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => gone.close(() => resolve()));
  [browser, harness] = await Promise.all([launchChromium(), startHarness()]);
}, 180_000);

afterAll(async () => {
  await Promise.all([browser?.close(), harness?.close()]);
  await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
});

const page = (extra: string) =>
  `${harness.origin}/e2e/pages/extras-script-tag.html?${new URLSearchParams({
    url: `ws://127.0.0.1:${(echo.address() as AddressInfo).port}`,
    closed: closedUrl,
  })}${extra}`;

describe('script tag: explain() and messages() are the extras add-on (zen-websocket.extras.iife.min.js)', () => {
  it('without the add-on, explain and messages() throw a TypeError naming the script; connect and request work', async () => {
    const outcome = await runPage<ExtrasReport>(browser, page(''), { global: '__extras' });
    const report = outcome.value;
    expect(report, outcome.log.join('\n')).toMatchObject({ ok: true, addOn: 'undefined' });
    expect(report?.reply).toEqual(['echo/test', { n: 1 }]);
    for (const failed of [report?.explainFailure, report?.explainSystem, report?.messages]) {
      expect(failed).toMatchObject({ ok: false, name: 'TypeError' });
      expect(failed?.message).toContain(
        'needs zen-websocket.extras.iife.min.js (same version): load it after zen-websocket.iife.min.js',
      );
    }
    expect(report?.explainFailure?.message).toMatch(/^explain\(\) needs/);
    expect(report?.messages?.message).toMatch(/^client\.messages\(\) needs/);
  });

  it('with the add-on, explain reads a real failure and a raw system code, and messages() yields a message', async () => {
    const outcome = await runPage<ExtrasReport>(browser, page('&addon'), { global: '__extras' });
    const report = outcome.value;
    expect(report, outcome.log.join('\n')).toMatchObject({ ok: true, addOn: 'object' });
    // the failure's own code picks the table's row; its own message is kept after the table's text
    expect(report?.failure?.code).toBeTypeOf('string');
    expect(report?.explainFailure?.ok).toBe(true);
    expect(report?.explainFailure?.value?.message).toContain(String(report?.failure?.message));
    expect(report?.explainFailure?.value?.suggestion.length).toBeGreaterThan(10);
    // the Node/OpenSSL table the core script leaves out is in the add-on
    expect(report?.explainSystem?.value).toEqual({
      message: 'Connection refused by server',
      suggestion: 'Check that the server is running and verify the URL is correct',
    });
    expect(report?.reply).toEqual(['echo/test', { n: 1 }]);
    expect(report?.messages).toMatchObject({ ok: true, first: { note: 'hello' } });
  });
});
