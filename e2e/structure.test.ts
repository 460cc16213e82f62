// The structure guard (issue 13): no source file in packages/*/src over 400 lines, no function or closure
// factory over 150 lines. scripts/structure.mjs measures with the TypeScript parser; this suite runs it on the
// repository and, to prove it catches what it should, on a small fixture tree.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../scripts/structure.mjs', import.meta.url));

interface Over {
  key: string;
  file: string;
  kind: 'file' | 'function';
  name?: string;
  lines: number;
  allowed?: string;
  ceiling?: number;
}
interface Report {
  limits: { file: number; function: number };
  over: Over[];
  violations: Over[];
}

function run(...args: string[]): Promise<{ code: number; report: Report }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, '--json', ...args], { maxBuffer: 8 << 20 }, (error, stdout) => {
      const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
      try {
        resolve({ code, report: JSON.parse(stdout) as Report });
      } catch (cause) {
        reject(new Error(`structure.mjs printed no JSON (exit ${code}): ${stdout}`, { cause }));
      }
    });
  });
}

/** `n` lines of a function body, each a statement. */
const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');

describe('structure guard', () => {
  const fixture = mkdtempSync(path.join(tmpdir(), 'zen-structure-'));
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  it('this repository: no file over 400 lines, no function over 150, except the allowed entries', async () => {
    const { code, report } = await run();
    expect(report.limits).toEqual({ file: 400, function: 150 });
    expect(report.violations, JSON.stringify(report.violations, null, 2)).toEqual([]);
    expect(code).toBe(0);
    for (const entry of report.over) {
      // an allowed entry is over the limit but within its recorded ceiling, with a reason
      expect(entry.allowed).toMatch(/\w/);
      expect(entry.lines).toBeLessThanOrEqual(entry.ceiling as number);
    }
  });

  it('a fixture: flags a 401-line file and a 151-line factory or method, and not a 150-line one', async () => {
    const src = path.join(fixture, 'packages', 'demo', 'src');
    mkdirSync(path.join(src, 'deep'), { recursive: true });
    // 151 lines: `export function make() {` + 149 statements + `}`
    writeFileSync(path.join(src, 'factory.ts'), `export function make() {\n${body(149)}\n}\n`);
    // 150 lines exactly: allowed
    writeFileSync(path.join(src, 'fits.ts'), `export const fits = () => {\n${body(148)}\n};\n`);
    // a method of a class, 151 lines, in a nested folder
    writeFileSync(path.join(src, 'deep', 'cls.ts'), `export class C {\n  run(): void {\n${body(149)}\n  }\n}\n`);
    // 401 lines of short functions (133 × 3 + 2): the file is over, no function is
    const small = Array.from({ length: 133 }, (_, i) => `export function f${i}() {\n  return ${i};\n}\n`).join('');
    writeFileSync(path.join(src, 'long.ts'), `${small}// one line more\n// and the 401st\n`);
    // declaration files are not source
    writeFileSync(path.join(src, 'types.d.ts'), `${'export type T = 1;\n'.repeat(500)}`);

    const { code, report } = await run('--root', fixture);
    expect(code).toBe(1);
    const seen = report.violations.map((v) => [v.file, v.kind, v.name ?? '', v.lines]).sort();
    expect(seen).toEqual(
      [
        ['packages/demo/src/deep/cls.ts', 'function', 'run', 151],
        ['packages/demo/src/factory.ts', 'function', 'make', 151],
        ['packages/demo/src/long.ts', 'file', '', 401],
      ].sort(),
    );
  });
});
