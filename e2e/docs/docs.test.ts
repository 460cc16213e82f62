// Docs as tests: every fenced block of README.md, docs/**/*.md and packages/*/README.md, one test each, named
// `file:line`. js/ts blocks run as ES modules (or, importing 'vitest', as test files) against the BUILT packages (and ts blocks are type-checked under
// strict + exactOptionalPropertyTypes); venue URLs reach local simulators (see venues.ts); sh blocks name only
// scripts, packages, CLI flags and files that exist; json blocks parse. Conventions, on the line before a fence:
//   <!-- doc-test: typecheck -->          type-check only (a js block: parsed only)
//   <!-- doc-test: skip — <reason> -->    not run; the reason is required and shown in the test name
//   <!-- doc-test: continues -->          runs after the previous js/ts block of the same file
//   <!-- doc-test: typecheck, browser --> browser code: type-checked with the DOM lib, not run
// See e2e/README.md.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../../packages/sdk/test/build.js';
import { type Block, blockName, docFiles, program, readBlocks, root, SCRIPT_LANGS } from './markdown.js';
import { foreignAddresses, isVitestFile, makeWorkDir, parse, runProgram, toJavaScript } from './run.js';
import { checkShell } from './shell.js';
import { typecheck } from './typecheck.js';
import { startVenueFront, type VenueFront } from './venues.js';

const RUN_TIMEOUT_MS = 20_000;
const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console']);

const files = docFiles();
const all: Block[] = files.flatMap(readBlocks);
const scripts = all.filter((b) => SCRIPT_LANGS[b.lang]);
const idOf = (b: Block): string => `${b.file.replace(/[^a-z0-9]+/gi, '_')}_${b.line}`;

let diagnostics = new Map<string, string[]>();
let front: VenueFront | undefined;
let WORK = '';

beforeAll(async () => {
  buildOnce();
  WORK = makeWorkDir(root);
  const checked = scripts.filter((b) => b.mode !== 'skip' && SCRIPT_LANGS[b.lang] === 'ts');
  diagnostics = typecheck(
    path.join(WORK, 'types'),
    checked.map((b) => ({ id: idOf(b), code: program(all, b).code, browser: b.browser })),
  );
  front = await startVenueFront(WORK);
}, 180_000);

afterAll(async () => {
  await front?.close();
  if (WORK) rmSync(WORK, { recursive: true, force: true });
});

it('finds the documentation and its blocks', () => {
  expect(files).toContain('README.md');
  expect(files.some((f) => f.startsWith('docs/'))).toBe(true);
  expect(scripts.length).toBeGreaterThan(10);
});

it('every skipped block gives its reason, and every directive is understood', () => {
  const unexplained = all.filter((b) => b.mode === 'skip' && !b.reason).map(blockName);
  const bad = all.filter((b) => b.badDirective).map((b) => `${blockName(b)}: ${b.badDirective}`);
  expect(unexplained, 'write <!-- doc-test: skip — <reason> -->').toEqual([]);
  expect(bad).toEqual([]);
});

for (const file of files) {
  const tested = all.filter((b) => b.file === file && isTested(b));
  if (tested.length > 0) describe(file, () => tested.forEach(declare));
}

/** Whether a block gets a test (run, checked or listed as skipped); prose-only fences (text, diagrams) do not. */
function isTested(block: Block): boolean {
  if (block.mode === 'skip' || SCRIPT_LANGS[block.lang] || SHELL_LANGS.has(block.lang)) return true;
  return block.lang === 'json' || block.lang === 'jsonl' || (block.lang === 'html' && /<script/i.test(block.code));
}

/** One test for the block, by kind. */
function declare(block: Block): void {
  const name = `${blockName(block)} ${block.lang || 'text'}`;
  const lang = SCRIPT_LANGS[block.lang];
  if (block.mode === 'skip') {
    it.skip(`${name} — skipped: ${block.reason ?? 'NO REASON GIVEN'}`, () => {});
  } else if (lang) {
    it(`${name} (${block.mode === 'typecheck' ? 'type-checked' : 'run'})`, () => script(block, lang), 60_000);
  } else if (SHELL_LANGS.has(block.lang)) {
    it(`${name} (commands exist)`, () => {
      const problems = checkShell(block.code);
      if (problems.length > 0) throw new Error(`${blockName(block)}:\n${problems.join('\n')}`);
    });
  } else if (block.lang === 'json') {
    it(`${name} (parses)`, () => {
      try {
        JSON.parse(block.code);
      } catch (error) {
        throw new Error(`${blockName(block)} is not JSON: ${(error as Error).message}`);
      }
    });
  } else if (block.lang === 'jsonl') {
    it(`${name} (every line parses)`, () => {
      for (const line of block.code.split('\n').filter((l) => l.trim()))
        expect(() => JSON.parse(line), line).not.toThrow();
    });
  } else if (block.lang === 'html' && /<script/i.test(block.code)) {
    if (block.file === 'README.md') it.skip(`${name} — run in Chromium by e2e/readme-snippets.test.ts`, () => {});
    else it.skip(`${name} — run in Chromium by e2e/docs-html.test.ts`, () => {});
  }
}

async function script(block: Block, lang: 'ts' | 'js'): Promise<void> {
  const where = blockName(block);
  if (block.badDirective) throw new Error(`${where}: ${block.badDirective}`);
  const { code, error } = program(all, block);
  if (error) throw new Error(`${where}: ${error}`);
  const problems = diagnostics.get(idOf(block)) ?? [];
  if (problems.length > 0) {
    throw new Error(`${where} does not type-check (lines count from the fence):\n${problems.join('\n')}`);
  }
  if (lang === 'js') await parse(code, lang); // a js block is not type-checked, but must parse
  if (block.mode === 'typecheck') return;

  const foreign = await foreignAddresses(code, lang);
  expect(foreign, `${where} names addresses the harness cannot serve locally; mark it typecheck or skip`).toEqual([]);
  if (!front) throw new Error('the venue simulators did not start');
  await front.reset();
  const dir = path.join(WORK, 'run', idOf(block));
  const vitest = isVitestFile(code);
  const timeout = vitest ? 2 * RUN_TIMEOUT_MS : RUN_TIMEOUT_MS; // vitest itself takes a few seconds to start
  const result = vitest
    ? await runProgram(dir, code, front.env, timeout, lang)
    : await runProgram(dir, await toJavaScript(code, lang), front.env, timeout);
  const output = result.output.trim().split('\n').slice(-30).join('\n');
  if (process.env.ZEN_DOC_TEST_VERBOSE) console.log(`── ${where} (exit ${result.code}) ──\n${result.output}`);
  if (result.timedOut) throw new Error(`${where} did not exit by itself within ${timeout / 1000} s:\n${output}`);
  expect(result.code, `${where} exited with ${result.code}:\n${output}`).toBe(0);
}
