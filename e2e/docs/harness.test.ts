// The docs suite's own parts: directives, `continues`, the address check, the network guard and the shell
// check. Each assertion here would pass a broken doc if the part it tests broke.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { program, readBlocks, root } from './markdown.js';
import { foreignAddresses, makeWorkDir } from './run.js';
import { checkShell } from './shell.js';
import { typecheck } from './typecheck.js';

const dir = makeWorkDir(root); // node_modules linked, as the suite's own work directory
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FENCE = '```';
const sample = [
  '# Sample',
  '',
  `${FENCE}ts`,
  "const a = 'first';",
  FENCE,
  '',
  '<!-- doc-test: continues -->',
  `${FENCE}ts`,
  'console.log(a);',
  FENCE,
  '<!-- doc-test: typecheck -->',
  '',
  `${FENCE}js`,
  'new WebSocket(url);',
  FENCE,
  '<!-- doc-test: skip — needs a browser tab -->',
  `${FENCE}ts`,
  'document.title;',
  FENCE,
  '<!-- doc-test: skip -->',
  `${FENCE}ts`,
  FENCE,
  '<!-- doc-test: typecheck, browser -->',
  `${FENCE}ts`,
  'document.title;',
  FENCE,
  '<!-- doc-test: typo -->',
  `${FENCE}sh`,
  'npm test',
  FENCE,
].join('\n');

it('reads each fence with its line, language and directive', () => {
  const file = path.join(dir, 'sample.md');
  writeFileSync(file, sample);
  const blocks = readBlocks(file);
  expect(blocks.map((b) => [b.line, b.lang, b.mode, b.continues])).toEqual([
    [3, 'ts', 'run', false],
    [8, 'ts', 'run', true],
    [13, 'js', 'typecheck', false],
    [17, 'ts', 'skip', false],
    [21, 'ts', 'skip', false],
    [24, 'ts', 'typecheck', false],
    [28, 'sh', 'run', false],
  ]);
  expect(blocks.map((b) => b.browser)).toEqual([false, false, false, false, false, true, false]);
  expect(blocks[3]?.reason).toBe('needs a browser tab');
  expect(blocks[4]?.reason).toBeUndefined(); // the suite fails a skip without a reason
  expect(blocks[6]?.badDirective).toContain('typo');
  const second = blocks[1];
  if (!second) throw new Error('no second block');
  expect(program(blocks, second).code).toBe("const a = 'first';\nconsole.log(a);\n");
  expect(program(blocks, blocks[0] as never).code).toBe("const a = 'first';\n");
});

it('flags every address that is neither loopback nor a served venue, and ignores comments', async () => {
  const code = [
    '// https://docs.example.org/in-a-comment',
    "connect('wss://test.deribit.com/ws/api/v2');",
    "connect('wss://stream.binance.com:9443/ws/btcusdt@trade');",
    "connect('wss://stream.binance.com:9999/ws');",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a snippet
    'connect(`ws://127.0.0.1:${port}/feed`);',
    "fetch('https://api.binance.com/api/v3/time');",
    "connect('wss://exchange.example.com/ws');",
  ].join('\n');
  expect(await foreignAddresses(code, 'ts')).toEqual(['wss://stream.binance.com:9999', 'wss://exchange.example.com']);
});

it('the guard stops a program that reaches any other host, before any DNS lookup or traffic', () => {
  const guard = fileURLToPath(new URL('./guard.mjs', import.meta.url));
  const script = "await fetch('https://example.com/'); console.log('reached');";
  const result = spawnSync(process.execPath, ['--import', guard, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ZEN_DOC_TEST_ROUTES: '{}' },
    timeout: 20_000,
  });
  expect(result.stderr).toContain('doc-test: blocked a connection to example.com:443');
  expect(result.stdout).not.toContain('reached');
  expect(result.status).toBe(97);
});

it('the shell check names missing scripts, packages, CLI flags and files', () => {
  expect(checkShell('npm install\nnpm test\nnpm run build && npm start')).toEqual([]);
  const problems = checkShell(
    [
      'npm run no-such-script',
      'npm install zen-websocket @zen-websocket/nope',
      'npx zen-websocket record ws://127.0.0.1:1 --no-such-flag',
      'node examples/missing.mjs # a comment',
    ].join('\n'),
  );
  expect(problems).toEqual([
    expect.stringContaining('no "no-such-script" script'),
    expect.stringContaining('no package @zen-websocket/nope'),
    expect.stringContaining('no flag --no-such-flag'),
    expect.stringContaining('examples/missing.mjs does not exist'),
  ]);
});

it('type-checks like a strict Node project, and browser blocks with the DOM lib', () => {
  const result = typecheck(path.join(dir, 'types'), [
    { id: 'node', code: 'console.log(document.title);\n' },
    { id: 'browser', code: 'console.log(document.title);\n', browser: true },
    { id: 'exact', code: 'const o: { a?: string } = { a: undefined };\nconsole.log(o);\n' },
    { id: 'clean', code: "import { connect } from 'zen-websocket';\nconsole.log(typeof connect);\n" },
  ]);
  expect(result.get('node')).toEqual([expect.stringContaining("Cannot find name 'document'")]);
  expect(result.get('browser')).toEqual([]);
  expect(result.get('exact')).toEqual([expect.stringContaining('exactOptionalPropertyTypes')]);
  expect(result.get('clean')).toEqual([]);
}, 60_000);
