// The API reference: docs/api/*.md generated from the BUILT declaration files (packages/*/dist/*.d.ts) and their
// TSDoc, with the TypeScript compiler API (no other dependency). One page per package, one section per entry
// point of its `exports`, one entry per export: what it is, its TSDoc, its declaration, its members and examples.
//
//   npm run docs:api              writes docs/api/ (run `npm run build` first)
//   node scripts/api-docs.mjs --check
//                                 writes nothing; prints a JSON report and exits 1 when a public export has no
//                                 TSDoc comment or docs/api/ differs from what the build would generate
//
// Code in the pages is fenced as `tsx` (highlighted as TypeScript): declarations and TSDoc examples are not
// programs, and the docs-as-tests suite runs only `ts`/`js` fences.
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const OUT = path.join(root, 'docs', 'api');
/** Every workspace package (folder names under packages/), `zen-websocket` (sdk) first. */
const PACKAGES = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
  .workspaces.map((w) => path.basename(w))
  .sort((a, b) => (a === 'sdk' ? -1 : b === 'sdk' ? 1 : 0));
/** Subpaths that carry no public API (no semver promise, or a script rather than a module). */
const PRIVATE_SUBPATHS = new Set(['./internal', './strict', './iife', './package.json']);
const FENCE = 'tsx';

const pageOf = (pkg) => (pkg === 'sdk' ? 'zen-websocket.md' : `${pkg}.md`);

/**
 * The declaration file of an `exports` entry, as a bundler-resolving TypeScript project sees it: the `default`
 * branch (the union of every runtime's exports for `zen-websocket`), else `import`.
 */
function typesOf(value) {
  if (typeof value === 'string') return /\.d\.m?ts$/.test(value) ? value : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (typeof value.types === 'string') return value.types;
  for (const condition of ['default', 'import']) {
    const found = typesOf(value[condition]);
    if (found) return found;
  }
  return undefined;
}

function entryPoints() {
  const entries = [];
  for (const pkg of PACKAGES) {
    const dir = path.join(root, 'packages', pkg);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const [subpath, value] of Object.entries(manifest.exports ?? {})) {
      if (PRIVATE_SUBPATHS.has(subpath)) continue;
      const types = typesOf(value);
      if (!types) continue;
      const file = path.join(dir, types);
      if (!existsSync(file)) throw new Error(`${manifest.name}${subpath.slice(1)}: ${types} is missing (build first)`);
      entries.push({ pkg, manifest, specifier: manifest.name + subpath.slice(1), file });
    }
  }
  return entries;
}

/** The package folder name (`core`, `sdk`, …) a file belongs to, following the workspace symlinks. */
function packageOf(fileName) {
  const rel = path.relative(path.join(root, 'packages'), realpathSync(fileName));
  return rel.startsWith('..') ? undefined : rel.split(path.sep)[0];
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

function kindOf(decl) {
  if (ts.isFunctionDeclaration(decl)) return 'function';
  if (ts.isClassDeclaration(decl)) return 'class';
  if (ts.isInterfaceDeclaration(decl)) return 'interface';
  if (ts.isTypeAliasDeclaration(decl)) return 'type';
  if (ts.isEnumDeclaration(decl)) return 'enum';
  if (ts.isVariableDeclaration(decl)) return 'const';
  if (ts.isModuleDeclaration(decl)) return 'namespace';
  return 'export';
}

/** The declaration as source, without comments, under the exported name. */
function printDeclaration(decl, name) {
  const node = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  let text = printer.printNode(ts.EmitHint.Unspecified, node, decl.getSourceFile()).trim();
  const own = decl.name && ts.isIdentifier(decl.name) ? decl.name.text : undefined;
  if (own && own !== name) text = text.replace(new RegExp(`\\b${own}\\b`), name);
  return text.replace(/^declare /, '').replace(/^export /, '');
}

const oneLine = (text) =>
  text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();

/** TSDoc text with `{@link X}` as code. */
function docOf(symbol, checker) {
  return links(ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim());
}

const links = (text) =>
  text.replace(
    /\{@link(?:code|plain)?\s+([^}\s|]+)(?:\s*\|?\s*([^}]*))?\}/g,
    (_m, name, label) => `\`${label?.trim() || name}\``,
  );

function examplesOf(symbol, checker) {
  return symbol
    .getJsDocTags(checker)
    .filter((tag) => tag.name === 'example')
    .map((tag) =>
      ts
        .displayPartsToString(tag.text ?? [])
        .replace(/^```\w*\n?|```\s*$/g, '')
        .trim(),
    )
    .filter(Boolean);
}

/** Members of an interface or class with their own TSDoc, as table rows. */
function memberRows(decl, checker) {
  if (!ts.isInterfaceDeclaration(decl) && !ts.isClassDeclaration(decl)) return [];
  const rows = [];
  for (const member of decl.members) {
    if (!member.name) continue;
    const modifiers = ts.getCombinedModifierFlags(member);
    if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
    if (ts.isPropertyDeclaration(member) && ts.isPrivateIdentifier(member.name)) continue;
    const symbol = checker.getSymbolAtLocation(member.name);
    const name = member.name.getText(decl.getSourceFile());
    const doc = symbol ? docOf(symbol, checker) : '';
    rows.push(`| \`${name.replace(/\|/g, '\\|')}\` | ${oneLine(doc) || '—'} |`);
  }
  return rows;
}

/** Generates every page; returns { files: Map<relative path, text>, undocumented: string[] }. */
export function generate() {
  const entries = entryPoints();
  const program = ts.createProgram(
    entries.map((e) => e.file),
    {
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'],
      types: ['node'],
      typeRoots: [path.join(root, 'node_modules', '@types')],
    },
  );
  const checker = program.getTypeChecker();
  const undocumented = [];
  const pages = new Map();

  for (const entry of entries) {
    const source = program.getSourceFile(entry.file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`cannot read ${entry.file}`);
    const own = [];
    const reexported = new Map();
    const exports = [...checker.getExportsOfModule(moduleSymbol)].sort((a, b) => a.name.localeCompare(b.name));
    for (const exported of exports) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decls = target.declarations ?? [];
      const home = decls[0] ? packageOf(decls[0].getSourceFile().fileName) : entry.pkg;
      if (home && home !== entry.pkg) {
        if (!reexported.has(home)) reexported.set(home, []);
        reexported.get(home).push(exported.name);
        continue;
      }
      const doc = docOf(target, checker) || docOf(exported, checker);
      if (!doc) undocumented.push(`${entry.specifier}: ${exported.name}`);
      own.push(section(exported.name, target, decls, doc, checker));
    }
    if (!pages.has(entry.pkg)) pages.set(entry.pkg, { manifest: entry.manifest, sections: [] });
    pages.get(entry.pkg).sections.push({ specifier: entry.specifier, own, reexported });
  }

  const files = new Map();
  for (const [pkg, page] of pages) files.set(pageOf(pkg), renderPage(page));
  files.set('README.md', renderIndex(pages));
  return { files, undocumented };
}

function section(name, symbol, decls, doc, checker) {
  const kind = decls[0] ? kindOf(decls[0]) : 'export';
  const lines = [`### \`${name}\``, '', `*${kind}*`, ''];
  lines.push(doc || '*(no documentation)*', '');
  const shown = decls.filter((d) => !ts.isModuleDeclaration(d) || kind === 'namespace');
  if (shown.length > 0) {
    lines.push(`\`\`\`${FENCE}`, ...shown.map((d) => printDeclaration(d, name)), '```', '');
  }
  const rows = shown.flatMap((d) => memberRows(d, checker));
  if (rows.length > 0) lines.push('| member | description |', '|---|---|', ...rows, '');
  for (const example of examplesOf(symbol, checker)) lines.push('Example:', '', `\`\`\`${FENCE}`, example, '```', '');
  return lines.join('\n');
}

function renderPage({ manifest, sections }) {
  const lines = [
    `# ${manifest.name}`,
    '',
    '<!-- Generated by `npm run docs:api` (scripts/api-docs.mjs) from the built .d.ts files. Do not edit. -->',
    '',
    manifest.description ?? '',
    '',
    'Entry points:',
    '',
    ...sections.map((s) => `- [\`${s.specifier}\`](#${anchor(s.specifier)})`),
    '',
  ];
  for (const { specifier, own, reexported } of sections) {
    lines.push(`## \`${specifier}\``, '');
    for (const [home, names] of reexported) {
      const homeName = home === 'sdk' ? 'zen-websocket' : `@zen-websocket/${home}`;
      lines.push(
        `Re-exported from [\`${homeName}\`](${pageOf(home)}): ${names.map((n) => `\`${n}\``).join(', ')}.`,
        '',
      );
    }
    lines.push(...own);
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** GitHub's heading anchor for `## \`name\``. */
function anchor(specifier) {
  return specifier
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

function renderIndex(pages) {
  const lines = [
    '# API reference',
    '',
    '<!-- Generated by `npm run docs:api` (scripts/api-docs.mjs) from the built .d.ts files. Do not edit. -->',
    '',
    'Generated from the TSDoc of the published declaration files: every export of every entry point. The guides',
    'start at the [README](../../README.md).',
    '',
    '| package | entry points |',
    '|---|---|',
  ];
  for (const [pkg, page] of pages) {
    const entries = page.sections.map((s) => `\`${s.specifier}\``).join(', ');
    lines.push(`| [${page.manifest.name}](${pageOf(pkg)}) | ${entries} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Compares generated pages with docs/api/: files that differ, are missing, or should not be there. */
export function stalePages(files) {
  const stale = [];
  for (const [name, text] of files) {
    const file = path.join(OUT, name);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) stale.push(name);
  }
  if (existsSync(OUT)) for (const name of readdirSync(OUT)) if (!files.has(name)) stale.push(name);
  return stale.sort();
}

const isMain = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { files, undocumented } = generate();
  if (process.argv.includes('--check')) {
    const stale = stalePages(files);
    console.log(JSON.stringify({ undocumented, stale }, null, 2));
    process.exitCode = undocumented.length > 0 || stale.length > 0 ? 1 : 0;
  } else {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    for (const [name, text] of files) writeFileSync(path.join(OUT, name), text);
    console.log(`docs/api: ${files.size} pages`);
    if (undocumented.length > 0) {
      console.error(`exports without a TSDoc comment (${undocumented.length}):\n  ${undocumented.join('\n  ')}`);
      process.exitCode = 1;
    }
  }
}
