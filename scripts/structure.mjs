#!/usr/bin/env node
// Structure guard (issue 13): no source file in packages/*/src over 400 lines, and no function (closure
// factories included) over 150 lines, measured with the TypeScript parser from a function's first line to its
// closing brace. Over-limit code that another change is still splitting is listed in ALLOWED with a ceiling
// (it may shrink, never grow) and a reason; remove the entry once it fits.
//   node scripts/structure.mjs                 list what is over; exit 1 if anything is over and not allowed
//   node scripts/structure.mjs --json          the same as JSON: { limits, over: [...], violations: [...] }
//   node scripts/structure.mjs --root <dir>    check another tree (the test runs it on a fixture)
// e2e/structure.test.ts runs it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 150;

/**
 * `path` (a whole file) or `path#function` → [ceiling in lines, why it is allowed for now]. Checked only in this
 * repository (not under --root).
 */
const ALLOWED = new Map([
  // Empty: everything fits. An entry is `[path or path#function, [ceiling, reason]]`.
]);

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(c|m)?tsx?$/.test(entry.name) && !/\.d\.(c|m)?ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** A function's name as a reader would look it up: its own, or the variable/property/method it is assigned to. */
function nameOf(node) {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (node.name && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name))) return node.name.text;
  const parent = node.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
  )
    if (ts.isIdentifier(parent.name) || ts.isPrivateIdentifier(parent.name)) return parent.name.text;
  return '(anonymous)';
}

function measureFile(path, file) {
  const text = readFileSync(path, 'utf8');
  const over = [];
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_FILE_LINES) over.push({ key: file, file, kind: 'file', lines, limit: MAX_FILE_LINES });
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isFunctionLike(node) && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const span = last - first + 1;
      if (span > MAX_FUNCTION_LINES) {
        const name = nameOf(node);
        over.push({ key: `${file}#${name}`, file, kind: 'function', name, lines: span, limit: MAX_FUNCTION_LINES });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return over;
}

/** Everything over a limit under `root`/packages/*\/src. */
function measure(root) {
  const over = [];
  const packages = join(root, 'packages');
  for (const pkg of readdirSync(packages, { withFileTypes: true })) {
    if (!pkg.isDirectory()) continue;
    const src = join(packages, pkg.name, 'src');
    let files;
    try {
      files = sourceFiles(src);
    } catch {
      continue; // a package without src/
    }
    for (const path of files) over.push(...measureFile(path, relative(root, path).split('\\').join('/')));
  }
  return over;
}

const repo = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const root = rootAt === -1 ? repo : args[rootAt + 1];
const allowed = rootAt === -1 ? ALLOWED : new Map();
const over = measure(root).map((p) => {
  const entry = allowed.get(p.key);
  return entry && p.lines <= entry[0] ? { ...p, allowed: entry[1], ceiling: entry[0] } : p;
});
const violations = over.filter((p) => p.allowed === undefined);
if (args.includes('--json')) {
  console.log(JSON.stringify({ limits: { file: MAX_FILE_LINES, function: MAX_FUNCTION_LINES }, over, violations }));
} else {
  for (const p of over) {
    const what = p.kind === 'file' ? `file ${p.lines} lines` : `function ${p.name} ${p.lines} lines`;
    console.log(`${p.file}: ${what}${p.allowed ? ` (allowed up to ${p.ceiling}: ${p.allowed})` : ''}`);
  }
  console.log(
    violations.length === 0
      ? 'structure: ok'
      : `structure: ${violations.length} over the limits (files <= ${MAX_FILE_LINES} lines, functions <= ${MAX_FUNCTION_LINES})`,
  );
}
process.exitCode = violations.length === 0 ? 0 : 1;
