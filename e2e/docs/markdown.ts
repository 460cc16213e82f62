// Finds the documentation files and reads their fenced code blocks, with the `<!-- doc-test: … -->` directive
// on the line before each fence. Pure text handling; nothing here runs a block.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** How a block is checked: `run` (default for js/ts), `typecheck` (ts only), `skip` (with a reason). */
export type Mode = 'run' | 'typecheck' | 'skip';

export interface Block {
  /** Path relative to the repository root, `/`-separated. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string's first word, lower-cased (`ts`, `sh`, …); empty for a bare fence. */
  lang: string;
  code: string;
  mode: Mode;
  /** The reason given with `skip`. */
  reason: string | undefined;
  /** `<!-- doc-test: continues -->`: this block runs after the previous js/ts block of the same file. */
  continues: boolean;
  /** `<!-- doc-test: typecheck, browser -->`: browser code, type-checked with the DOM lib (never run in Node). */
  browser: boolean;
  /** A directive that could not be understood (the test reports it). */
  badDirective: string | undefined;
}

/** README.md, docs/**\/*.md and packages/*\/README.md, sorted. */
export function docFiles(): string[] {
  const files = ['README.md'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.md')) files.push(rel);
    }
  };
  if (existsSync(path.join(root, 'docs'))) walk('docs');
  for (const pkg of readdirSync(path.join(root, 'packages'))) {
    if (existsSync(path.join(root, 'packages', pkg, 'README.md'))) files.push(`packages/${pkg}/README.md`);
  }
  return files.sort();
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/;
const DIRECTIVE = /^<!--\s*doc-test:\s*(.*?)\s*-->$/;

/** Every fenced block of `file` (relative to the root). */
export function readBlocks(file: string): Block[] {
  const lines = readFileSync(path.resolve(root, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const fence = open[1] ?? '```';
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] ?? '').trimStart().startsWith(fence); i++) body.push(lines[i] ?? '');
    const indent = /^ */.exec(lines[start] ?? '')?.[0].length ?? 0;
    blocks.push({
      file,
      line: start + 1,
      lang: (open[2] ?? '').toLowerCase(),
      code: `${body.map((l) => l.slice(Math.min(indent, /^ */.exec(l)?.[0].length ?? 0))).join('\n')}\n`,
      ...directive(previousLine(lines, start)),
    });
  }
  return blocks;
}

/** The nearest non-blank line above `index`. */
function previousLine(lines: string[], index: number): string {
  for (let i = index - 1; i >= 0; i--) {
    const text = (lines[i] ?? '').trim();
    if (text) return text;
  }
  return '';
}

type Directive = Pick<Block, 'mode' | 'reason' | 'continues' | 'browser' | 'badDirective'>;

/** Parses `<!-- doc-test: typecheck -->`, `skip — reason`, `continues`, `browser`, or a comma-separated mix. */
function directive(text: string): Directive {
  const result: Directive = {
    mode: 'run',
    reason: undefined,
    continues: false,
    browser: false,
    badDirective: undefined,
  };
  const match = DIRECTIVE.exec(text);
  if (!match) return result;
  for (const part of (match[1] ?? '').split(',').map((p) => p.trim())) {
    const skip = /^skip\s*(?:[—–:-]+\s*)?(.*)$/.exec(part);
    if (part === 'typecheck') result.mode = 'typecheck';
    else if (part === 'continues') result.continues = true;
    else if (part === 'browser') result.browser = true;
    else if (skip) {
      result.mode = 'skip';
      result.reason = skip[1]?.trim() || undefined;
    } else
      result.badDirective = `unknown doc-test directive "${part}" (use typecheck, skip — <reason>, continues, browser)`;
  }
  if (result.browser && result.mode === 'run') result.mode = 'typecheck'; // browser code never runs in Node
  return result;
}

export const SCRIPT_LANGS: Record<string, 'ts' | 'js'> = {
  ts: 'ts',
  typescript: 'ts',
  mts: 'ts',
  js: 'js',
  javascript: 'js',
  mjs: 'js',
};

/** `file:line` — the name of the block's test. */
export const blockName = (b: Block): string => `${b.file}:${b.line}`;

/**
 * The program a js/ts block stands for: the block itself, or, with `continues`, the previous js/ts block of
 * the same file (itself possibly continuing another) followed by this one.
 */
export function program(blocks: readonly Block[], block: Block): { code: string; error?: string } {
  if (!block.continues) return { code: block.code };
  const scripts = blocks.filter((b) => b.file === block.file && SCRIPT_LANGS[b.lang]);
  const previous = scripts[scripts.indexOf(block) - 1];
  if (!previous) return { code: block.code, error: '`continues` on the first js/ts block of the file' };
  const before = program(blocks, previous);
  return { code: `${before.code}${block.code}`, ...(before.error ? { error: before.error } : {}) };
}
