// The README's install snippets (npm, script tag, Deno, Bun) run as written against the BUILT package and a
// local mock exchange: only the venue URL and the CDN address are swapped for local ones (tests never leave
// 127.0.0.1). The Deno and Bun lines get the same three lines of code after them; each process must print the
// reply and exit by itself.
import { existsSync, readFileSync } from 'node:fs';
import type { MockServer } from '@zen-websocket/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildOnce } from '../packages/sdk/test/build.js';
import { collectConsole, launchChromium } from './harness/browser.js';
import { runProcess } from './harness/processes.js';
import { type Harness, root, startHarness } from './harness/servers.js';

const VENUE = 'wss://test.deribit.com/ws/api/v2';
const REPLY = { version: '1.2.26' };
const sdkPackage = JSON.parse(readFileSync(`${root}/packages/sdk/package.json`, 'utf8')) as {
  name: string;
  files: string[];
  jsdelivr: string;
};

let harness: Harness;
let server: MockServer;
let browser: Browser | undefined;

beforeAll(async () => {
  buildOnce();
  harness = await startHarness();
  server = await harness.startRun();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
}, 30_000);

/** The body of the README's "## Install" section. */
function installSection(): string {
  const readme = readFileSync(`${root}/README.md`, 'utf8');
  const start = readme.indexOf('## Install');
  if (start < 0) throw new Error('README has no "## Install" section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

function block(lang: string): string {
  const code = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(installSection())?.[1];
  if (!code) throw new Error(`README's Install section has no \`\`\`${lang} block`);
  return code;
}

/** The import line of the ```ts block whose comment names `runtime`. */
function importLine(runtime: string): string {
  const line = block('ts')
    .split('\n')
    .find((l) => new RegExp(`//\\s*${runtime}\\b`).test(l));
  if (!line) throw new Error(`README's Install section has no import line for ${runtime}`);
  return line;
}

/** What every process snippet runs after its import line. */
const body = () => `
const client = await connect(${JSON.stringify(server.url)});
console.log(JSON.stringify(await client.request('public/test')));
await client.close();
`;

async function runSnippet(command: string, args: string[], script: string, build: 'deno' | 'bun') {
  const result = await runProcess(command, args, {}, { totalMs: 30_000, input: script });
  expect(result.output).toContain(`/packages/sdk/dist/${build}.js`); // the deno/bun condition, the built file
  expect(result.output).toContain(JSON.stringify(REPLY));
  expect(result.exitCode, result.output).toBe(0);
}

it('npm: `npm install zen-websocket` is the SDK, and Node imports its built node entry', async () => {
  const name = /npm install (\S+)/.exec(block('sh'))?.[1];
  expect(name).toBe(sdkPackage.name);
  const script = `import { connect } from '${name}';\nconsole.log(import.meta.resolve('${name}'));${body()}`;
  const result = await runProcess(process.execPath, ['--input-type=module', '-'], {}, { input: script });
  expect(result.output).toContain('/packages/sdk/dist/node.js');
  expect(result.output).toContain(JSON.stringify(REPLY));
  expect(result.exitCode, result.output).toBe(0);
});

it('script tag: the CDN file exists in the published files and the snippet runs in Chromium', async () => {
  const html = block('html');
  const cdn = /<script src="(https:\/\/cdn\.jsdelivr\.net\/npm\/([^/"]+)\/([^"]+))"><\/script>/.exec(html);
  expect(cdn, 'a jsDelivr <script src> in the html block').not.toBeNull();
  const [, address = '', name, file = ''] = cdn ?? [];
  expect(name).toBe(sdkPackage.name);
  expect(sdkPackage.files).toContain(file.split('/')[0]);
  expect(`./${file}`).toBe(sdkPackage.jsdelivr);
  expect(existsSync(`${root}/packages/sdk/${file}`)).toBe(true);
  expect(html).toContain(VENUE);

  const page = `<!doctype html>\n<meta charset="utf-8">\n${html
    .replace(address, `/packages/sdk/${file}`)
    .replace(`'${VENUE}'`, JSON.stringify(server.url))}`;
  harness.addPage('/snippets/script-tag.html', page);
  browser ??= await launchChromium();
  const isReply = (v: unknown) => JSON.stringify(v) === JSON.stringify(REPLY);
  const { values, log } = await collectConsole(browser, `${harness.origin}/snippets/script-tag.html`, (vs) =>
    vs.some(isReply),
  );
  expect(values.some(isReply), log.join('\n')).toBe(true);
}, 60_000);

it('Deno: `import … from "npm:zen-websocket"` resolves offline to the deno build and runs', async () => {
  const line = importLine('Deno');
  expect(line).toContain("from 'npm:zen-websocket'");
  const script = `${line}\nconsole.log(import.meta.resolve('npm:zen-websocket'));${body()}`;
  await runSnippet(`${root}/node_modules/.bin/deno`, ['run', '--allow-net=127.0.0.1', '-'], script, 'deno');
}, 60_000);

it('Bun: `import … from "zen-websocket"` picks the bun build and runs', async () => {
  const line = importLine('Bun');
  expect(line).toContain("from 'zen-websocket'");
  const script = `${line}\nconsole.log(import.meta.resolve('zen-websocket'));${body()}`;
  const args = ['--tsconfig-override=e2e/runners/tsconfig.bun.json', 'run', '-'];
  await runSnippet(`${root}/node_modules/.bin/bun`, args, script, 'bun');
}, 60_000);
