// Type-checks doc programs the way a user's project would: each one is an ES module next to the repository's
// node_modules, so `zen-websocket` and `@zen-websocket/*` resolve to the BUILT packages' .d.ts through their
// `exports`, under strict options. One TypeScript program for all blocks; diagnostics come back per block.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** What a user's strict tsconfig for Node looks like (no DOM lib: the published types must not need it). */
export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'],
  types: ['node'],
  strict: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  moduleDetection: ts.ModuleDetectionKind.Force,
  skipLibCheck: true,
  noEmit: true,
};

export interface TypecheckInput {
  id: string;
  code: string;
  /** Browser code: checked with the DOM lib added. */
  browser?: boolean;
}

/** Writes every program under `dir` and returns each one's diagnostics as readable lines. */
export function typecheck(dir: string, inputs: readonly TypecheckInput[]): Map<string, string[]> {
  const result = new Map<string, string[]>(inputs.map((i) => [i.id, []]));
  const browser = inputs.filter((i) => i.browser);
  const node = inputs.filter((i) => !i.browser);
  if (node.length > 0) check(path.join(dir, 'node'), node, COMPILER_OPTIONS, result);
  if (browser.length > 0) {
    const lib = [...(COMPILER_OPTIONS.lib ?? []), 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'];
    check(path.join(dir, 'browser'), browser, { ...COMPILER_OPTIONS, lib }, result);
  }
  return result;
}

function check(
  dir: string,
  inputs: readonly TypecheckInput[],
  options: ts.CompilerOptions,
  result: Map<string, string[]>,
): void {
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, string>();
  for (const input of inputs) {
    const file = path.join(dir, `${input.id}.mts`);
    writeFileSync(file, input.code);
    files.set(path.resolve(file), input.id);
  }
  const program = ts.createProgram([...files.keys()], { ...options, typeRoots: typeRoots(dir) });
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const id = d.file ? files.get(path.resolve(d.file.fileName)) : undefined;
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const line = where ? `line ${where.line + 1}: ` : '';
    const message = `${line}TS${d.code} ${text}`;
    if (id !== undefined) result.get(id)?.push(message);
    else for (const input of inputs) result.get(input.id)?.push(`(global) ${message}`);
  }
}

/** `node_modules/@types` of the repository, found from `dir` upwards. */
function typeRoots(dir: string): string[] {
  const roots: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    roots.push(path.join(d, 'node_modules', '@types'));
    if (path.dirname(d) === d) return roots;
  }
}
