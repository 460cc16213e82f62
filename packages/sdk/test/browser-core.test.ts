// Core's browser builds (the `browser` condition of @zen-websocket/core, dist/browser/*.js) leave out the Node `ws`
// wiring and the transport's system-error table; Node, Deno and Bun keep the full build. A `ws` socket that reaches
// a browser build is refused with a TypeError naming the build to use, never opened without its pongs.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type MockServer, startMockServer, wsSocketFactory } from '@zen-websocket/testing';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from './build.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let server: MockServer | undefined;

beforeAll(() => buildOnce(), 600_000);
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** What Node resolves `specifiers` to from the repository root, under `--conditions=<condition>` if given. */
function resolveUnder(condition: string | undefined, specifiers: string[]): string[] {
  const code = `console.log(JSON.stringify(${JSON.stringify(specifiers)}.map((s) => import.meta.resolve(s))))`;
  const args = ['--input-type=module', ...(condition ? [`--conditions=${condition}`] : []), '-e', code];
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 30_000 });
  expect(result.status, result.stderr).toBe(0);
  // node_modules/@zen-websocket/core is a link to packages/core (Node shows the link's path for a missing file)
  return (JSON.parse(result.stdout) as string[]).map((url) =>
    fileURLToPath(url).slice(root.length).replace('node_modules/@zen-websocket/core/', 'packages/core/'),
  );
}

/** A page's bundle of `source` (esbuild, browser, minified), as one text. */
async function pageBundle(source: string, conditions?: string[]): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: conditions ? 'neutral' : 'browser',
    ...(conditions ? { conditions, mainFields: ['module', 'main'] } : {}),
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    tsconfigRaw: '{}',
  });
  return result.outputFiles.map((f) => f.text).join('\n');
}

describe("core's browser build", () => {
  const PING_FRAME = /\{ping:[A-Za-z_$]/;
  const SUBPATHS = ['@zen-websocket/core', '@zen-websocket/core/internal', '@zen-websocket/core/limiter'];

  it("is what the 'browser' condition resolves; Node, Deno and Bun get the full build", () => {
    expect(resolveUnder('browser', SUBPATHS)).toEqual([
      'packages/core/dist/browser/index.js',
      'packages/core/dist/browser/internal.js',
      'packages/core/dist/browser/limiter.js',
    ]);
    const full = ['packages/core/dist/index.js', 'packages/core/dist/internal.js', 'packages/core/dist/limiter.js'];
    expect(resolveUnder(undefined, SUBPATHS)).toEqual(full);
    expect(resolveUnder('deno', SUBPATHS)).toEqual(full);
    expect(resolveUnder('bun', SUBPATHS)).toEqual(full);
  });

  it("a page's bundle of connect carries no ws wiring, ping frames or system-error table; a Node-style bundle does", async () => {
    const source = "import { connect } from 'zen-websocket'; console.log(connect);";
    // `_eventsCount`: node-socket.ts reading the EventEmitter; `{ping:<name>`: the ping frame handed to the limiter
    // (pingFrame; the factories' `capabilities: { ping: false }` is a literal); ECONNREFUSED: the system-error table
    const page = await pageBundle(source);
    expect(page).toContain('onmessage');
    expect(page).not.toContain('_eventsCount');
    expect(page).not.toMatch(PING_FRAME);
    expect(page).not.toContain('kind:"pong"'); // the heartbeat's pong handling (PING_FRAMES)
    expect(page).not.toContain('ECONNREFUSED');
    const full = await pageBundle(source, ['import']);
    expect(full).toContain('_eventsCount');
    expect(full).toMatch(PING_FRAME);
    expect(full).toContain('kind:"pong"');
    expect(full).toContain('ECONNREFUSED');
  });

  it('refuses a ws socket with a TypeError naming the Node build (a ping_pong heartbeat would time out)', async () => {
    server = await startMockServer();
    const browserCore = (await import(
      `${root}packages/core/dist/browser/index.js`
    )) as typeof import('@zen-websocket/core');
    const error = (await browserCore
      .connect(server.url, { socketFactory: wsSocketFactory })
      .catch((e: unknown) => e)) as InstanceType<typeof browserCore.ConnectionError>;
    expect(error).toBeInstanceOf(browserCore.ConnectionError);
    expect(error.code).toBe('connection_failed');
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(
      /a socket with ping\(\) \(Node ws, Bun\) needs zen-websocket's build for its runtime/,
    );
  });

  it('the full build wires the same ws socket and sees its pongs', async () => {
    server = await startMockServer();
    const fullCore = (await import(`${root}packages/core/dist/index.js`)) as typeof import('@zen-websocket/core');
    const client = await fullCore.connect(server.url, {
      socketFactory: wsSocketFactory,
      heartbeat: { type: 'ping_pong', interval: 50, timeout: 5_000 },
    });
    try {
      // the first event is our probe; a pong follows only if the ws wiring shows it (else this times out)
      const kinds: string[] = [];
      await new Promise<void>((resolve) =>
        client.on('heartbeat', (event) => {
          kinds.push(event.kind);
          if (event.kind === 'pong') resolve();
        }),
      );
      expect(kinds).toContain('probe');
    } finally {
      await client.close();
    }
  });
});
