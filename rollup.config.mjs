// One config for every package: ESM + CJS + bundled .d.ts/.d.cts per entry, and the script-tag IIFE.
// `npm run build` = `rollup -c --silent`. Adding a package or an entry point is one line in PACKAGES.
import { existsSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Per package: output name → source file (relative to the package). Missing sources are skipped. */
const PACKAGES = [
  {
    pkg: 'core',
    entries: {
      index: 'src/index.ts',
      internal: 'src/internal.ts',
      crypto: 'src/crypto.ts',
      limiter: 'src/limiter/index.ts',
      pool: 'src/pool/index.ts',
      book: 'src/book/index.ts',
    },
  },
  { pkg: 'deribit', entries: { index: 'src/index.ts' } },
  { pkg: 'binance', entries: { index: 'src/index.ts' } },
  { pkg: 'recorder', entries: { index: 'src/index.ts', fs: 'src/fs.ts', indexeddb: 'src/indexeddb.ts' } },
  { pkg: 'testing', entries: { index: 'src/index.ts', fakes: 'src/fakes/index.ts' } },
  {
    pkg: 'sdk',
    entries: {
      node: 'src/node.ts',
      web: 'src/web.ts',
      deno: 'src/deno.ts',
      bun: 'src/bun.ts',
      limiter: 'src/limiter.ts',
      pool: 'src/pool.ts',
      cli: 'src/cli/index.ts', // the `zen-websocket` command; bin/zen-websocket.mjs imports it
      bundler: 'src/bundler.ts', // types only: what TypeScript's bundler resolution sees (exports default)
      // zen-websocket/deribit and /binance: the scoped venue packages with this runtime's socket as the default
      ...Object.fromEntries(
        ['deribit', 'binance'].flatMap((venue) =>
          ['node', 'web', 'deno', 'bun'].map((rt) => [`venues/${venue}-${rt}`, `src/venues/${venue}-${rt}.ts`]),
        ),
      ),
    },
  },
];

/** Script-tag bundles: everything inlined, minified, no Node-only module allowed. */
const IIFES = [{ pkg: 'sdk', entry: 'src/iife.ts', file: 'zen-websocket.iife.min.js', name: 'ZenWebsocket' }];

const TARGET = 'es2022';
const pkgDir = (pkg) => path.join(root, 'packages', pkg);

/**
 * Existing entries of every package as one rollup `input`, named `<pkg>/dist/<name>` and written under
 * `packages/`: one build per format for all packages, so the declaration bundler makes one TypeScript program.
 */
function inputOf(packages) {
  const input = {};
  for (const { pkg, entries } of packages) {
    for (const [name, file] of Object.entries(entries)) {
      const abs = path.join(pkgDir(pkg), file);
      if (existsSync(abs)) input[`${pkg}/dist/${name}`] = abs;
    }
  }
  return input;
}

/** Code shared by two entries of a package goes to that package's `dist/chunks/`. */
function chunkFileNames(ext) {
  const packages = `${path.join(root, 'packages')}${path.sep}`;
  return (chunk) => {
    const inPackage = chunk.moduleIds.find((id) => id.startsWith(packages));
    const pkg = inPackage ? inPackage.slice(packages.length).split(path.sep)[0] : 'shared';
    return `${pkg}/dist/chunks/[name]-[hash]${ext}`;
  };
}

/** Fails the build when a package's output bundles or imports another package's files (a relative import
 * across packages): sibling packages are imported by name and stay external. */
const packageBoundaries = {
  name: 'package-boundaries',
  generateBundle(_options, bundle) {
    const packages = `${path.join(root, 'packages')}${path.sep}`;
    const ownerOf = (id) => id.slice(packages.length).split(path.sep)[0];
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      const owner = chunk.fileName.split('/')[0];
      const foreign = [
        ...chunk.moduleIds.filter((id) => id.startsWith(packages) && ownerOf(id) !== owner),
        ...chunk.imports.filter((file) => file in bundle && file.split('/')[0] !== owner),
      ];
      if (foreign.length > 0) {
        const what = foreign.map((f) => (path.isAbsolute(f) ? path.relative(root, f) : f)).join(', ');
        this.error(`${chunk.fileName} reaches into another package (${what}): import sibling packages by name`);
      }
    }
  },
};

/** Library builds: every bare import (dependencies, sibling packages, node builtins) stays an import. */
const isBare = (id) => !id.startsWith('.') && !path.isAbsolute(id) && !id.startsWith('\0');

/** Warnings that mean a broken bundle: fail the build instead of printing (and `--silent` hides prints). */
const FATAL_WARNINGS = new Set([
  'UNRESOLVED_IMPORT',
  'MISSING_EXPORT',
  'MISSING_GLOBAL_NAME',
  'MISSING_NODE_BUILTINS',
  'CIRCULAR_REEXPORT',
  'INVALID_EXPORT_OPTION',
  'SHIMMED_EXPORT',
  'EVAL',
]);
function onwarn(warning, warn) {
  if (FATAL_WARNINGS.has(warning.code)) throw new Error(warning.message);
  warn(warning);
}

const dir = path.join(root, 'packages');

function libraryBuild(input) {
  return {
    input,
    external: isBare,
    onwarn,
    plugins: [esbuild({ target: TARGET }), packageBoundaries],
    // No source maps: the output is unminified ES2022 that reads like the source, and maps with embedded
    // sources were two thirds of every tarball (see CHANGELOG.md).
    output: [
      { dir, format: 'es', entryFileNames: '[name].js', chunkFileNames: chunkFileNames('.js'), sourcemap: false },
      {
        dir,
        format: 'cjs',
        entryFileNames: '[name].cjs',
        chunkFileNames: chunkFileNames('.cjs'),
        exports: 'named',
        interop: 'auto',
        sourcemap: false,
      },
    ],
  };
}

function typesBuild(input) {
  return {
    input,
    external: isBare,
    onwarn,
    plugins: [dts({ tsconfig: path.join(root, 'tsconfig.json') }), packageBoundaries],
    output: [
      { dir, format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: chunkFileNames('.d.ts') },
      { dir, format: 'es', entryFileNames: '[name].d.cts', chunkFileNames: chunkFileNames('.d.cts') },
    ],
  };
}

/** In the IIFE, sibling packages come from their sources, so it does not depend on build order. */
const workspaceSources = {
  name: 'workspace-sources',
  resolveId(source) {
    // `@zen-websocket/<pkg>` → src/index.ts; `@zen-websocket/<pkg>/<sub>` → src/<sub>.ts or src/<sub>/index.ts
    const m = /^@zen-websocket\/([a-z0-9-]+)(?:\/([a-z0-9-]+))?$/.exec(source);
    if (!m) return null;
    const src = path.join(pkgDir(m[1]), 'src');
    const candidates = m[2] ? [`${m[2]}.ts`, `${m[2]}/index.ts`] : ['index.ts'];
    return candidates.map((c) => path.join(src, c)).find((file) => existsSync(file)) ?? null;
  },
};

const NODE_ONLY = new Set(['ws', 'isomorphic-ws', ...builtinModules]);
const isNodeOnly = (id) => id.startsWith('node:') || NODE_ONLY.has(id.split('/')[0]);

/** Fails the build when a Node-only module is imported anywhere in the IIFE's graph, or anything stays external. */
const browserOnly = {
  name: 'browser-only',
  resolveId(source, importer) {
    if (isNodeOnly(source)) {
      const from = importer ? path.relative(root, importer) : 'the entry';
      this.error(`the IIFE must not contain Node-only modules: "${source}" imported by ${from}`);
    }
    return null;
  },
  generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type === 'chunk' && chunk.imports.length > 0) {
        this.error(`the IIFE ${chunk.fileName} left imports unbundled: ${chunk.imports.join(', ')}`);
      }
    }
  },
};

function iifeBuild({ pkg, entry, file, name }) {
  const input = path.join(pkgDir(pkg), entry);
  if (!existsSync(input)) return null;
  return {
    input,
    onwarn,
    plugins: [
      browserOnly,
      workspaceSources,
      nodeResolve({ browser: true, preferBuiltins: false, extensions: ['.mjs', '.js', '.json'] }),
      esbuild({ target: TARGET }),
    ],
    output: {
      file: path.join(pkgDir(pkg), 'dist', file),
      format: 'iife',
      name,
      exports: 'named',
      plugins: [terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: false } })],
    },
  };
}

const builds = [];
const built = new Set();
const input = inputOf(PACKAGES);
if (Object.keys(input).length > 0) {
  builds.push(libraryBuild(input), typesBuild(input));
  for (const name of Object.keys(input)) built.add(name.split('/')[0]);
}
for (const spec of IIFES) {
  const build = iifeBuild(spec);
  if (!build) continue;
  builds.push(build);
  built.add(spec.pkg);
}
// Start from empty dist folders, so no stale chunk from an earlier build is ever published.
for (const pkg of built) rmSync(path.join(pkgDir(pkg), 'dist'), { recursive: true, force: true });

// Rollup refuses an empty config; while no source exists yet, build nothing, quietly.
export default builds.length > 0 ? builds : { input: 'virtual:empty', plugins: [emptyInput()], output: {} };

function emptyInput() {
  return {
    name: 'empty-input',
    resolveId: (id) => (id === 'virtual:empty' ? id : null),
    load: (id) => (id === 'virtual:empty' ? '' : null),
    generateBundle(_options, bundle) {
      for (const key of Object.keys(bundle)) delete bundle[key];
    },
  };
}
