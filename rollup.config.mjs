// One config for every package: ESM + CJS + bundled .d.ts/.d.cts per entry, and the script-tag IIFE.
// `npm run build` = `rollup -c --silent`. Adding a package or an entry point is one line in PACKAGES.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';
import { nodeStandIn } from './scripts/node-stand-ins.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Per package: output name → source file (relative to the package). Missing sources are skipped. */
const PACKAGES = [
  {
    pkg: 'core',
    entries: {
      index: 'src/index.ts',
      internal: 'src/internal.ts',
      strict: 'src/strict.ts', // @zen-websocket/core/strict: the options checks alone, for siblings (the recorder)
      crypto: 'src/crypto.ts',
      limiter: 'src/limiter/index.ts',
      pool: 'src/pool/index.ts',
      book: 'src/book/index.ts',
    },
  },
  { pkg: 'deribit', entries: { index: 'src/index.ts', safety: 'src/safety.ts', feed: 'src/feed.ts' } },
  { pkg: 'binance', entries: { index: 'src/index.ts', safety: 'src/safety.ts', feed: 'src/feed.ts' } },
  { pkg: 'bybit', entries: { index: 'src/index.ts', safety: 'src/safety.ts', feed: 'src/feed.ts' } },
  { pkg: 'nats', entries: { index: 'src/index.ts' } },
  { pkg: 'recorder', entries: { index: 'src/index.ts', fs: 'src/fs.ts', indexeddb: 'src/indexeddb.ts' } },
  { pkg: 'testing', entries: { index: 'src/index.ts', fakes: 'src/fakes/index.ts', paper: 'src/paper/index.ts' } },
  {
    pkg: 'sdk',
    entries: {
      node: 'src/node.ts',
      web: 'src/web.ts',
      deno: 'src/deno.ts',
      bun: 'src/bun.ts',
      limiter: 'src/limiter.ts',
      book: 'src/book.ts',
      pool: 'src/pool.ts',
      nats: 'src/nats.ts', // zen-websocket/nats: @zen-websocket/nats (gateways, connectVia, shared budgets)
      recorder: 'src/recorder.ts', // memorySink, indexedDbSink, replay… (the browser build has no recorder)
      cli: 'src/cli/index.ts', // the `zen-websocket` command; bin/zen-websocket.mjs imports it
      bundler: 'src/bundler.ts', // types only: what TypeScript's bundler resolution sees (exports default)
      // zen-websocket/deribit and /binance: the scoped venue packages with this runtime's socket as the default
      ...Object.fromEntries(
        ['deribit', 'binance', 'bybit'].flatMap((venue) =>
          ['node', 'web', 'deno', 'bun'].map((rt) => [`venues/${venue}-${rt}`, `src/venues/${venue}-${rt}.ts`]),
        ),
      ),
      // zen-websocket/<venue>/safety and /feed: the scoped entries re-exported, one file for every runtime
      ...Object.fromEntries(
        ['deribit', 'binance', 'bybit'].flatMap((venue) =>
          ['safety', 'feed'].map((part) => [`venues/${venue}-${part}`, `src/venues/${venue}-${part}.ts`]),
        ),
      ),
    },
  },
];

/**
 * Script-tag bundles, minified, no Node-only module allowed. The core script (`core: true`) defines the global
 * `ZenWebsocket`; every other script here is an add-on that adds one namespace to it (`ZenWebsocket.deribit`, …)
 * and takes core from that global instead of bundling it again (see `coreFromGlobal`). The limiter, book and
 * pool add-ons bundle their own core subfolder (`own`); the venue add-ons take the order-book engine from the book
 * add-on and (Binance) the limiter from the limiter add-on, so the order on a page is core, limiter, book, pool,
 * venues. `zen-websocket.noble` (`noble: true`) is the `@noble/*` fallback the others use where WebCrypto lacks an
 * algorithm. `format: 'es'` is the one-file ES module for pages without a bundler: no bare import left, so no
 * import map; only its `@noble` fallback is a sibling file, imported by relative URL when needed.
 */
const IIFES = [
  { pkg: 'sdk', entry: 'src/iife.ts', file: 'zen-websocket.iife.min.js', name: 'ZenWebsocket', core: true },
  {
    pkg: 'sdk',
    entry: 'src/iife-limiter.ts',
    file: 'zen-websocket.limiter.iife.min.js',
    name: 'limiter',
    own: 'limiter',
  },
  { pkg: 'sdk', entry: 'src/iife-book.ts', file: 'zen-websocket.book.iife.min.js', name: 'book', own: 'book' },
  { pkg: 'sdk', entry: 'src/iife-pool.ts', file: 'zen-websocket.pool.iife.min.js', name: 'pool', own: 'pool' },
  { pkg: 'sdk', entry: 'src/iife-deribit.ts', file: 'zen-websocket.deribit.iife.min.js', name: 'deribit' },
  { pkg: 'sdk', entry: 'src/iife-binance.ts', file: 'zen-websocket.binance.iife.min.js', name: 'binance' },
  {
    pkg: 'sdk',
    entry: 'src/iife-binance-streams.ts',
    file: 'zen-websocket.binance-streams.iife.min.js',
    name: 'binance',
  },
  { pkg: 'sdk', entry: 'src/iife-binance-api.ts', file: 'zen-websocket.binance-api.iife.min.js', name: 'binance' },
  { pkg: 'sdk', entry: 'src/iife-bybit.ts', file: 'zen-websocket.bybit.iife.min.js', name: 'bybit' },
  { pkg: 'sdk', entry: 'src/iife-recorder.ts', file: 'zen-websocket.recorder.iife.min.js', name: 'recorder' },
  // explain() and its tables (messages and fixes, Node/OpenSSL system codes) and messages()' stream: core files
  // this add-on bundles itself (`local`), which the core script leaves out (`STAND_INS`)
  {
    pkg: 'sdk',
    entry: 'src/iife-extras.ts',
    file: 'zen-websocket.extras.iife.min.js',
    name: 'extras',
    local: ['explain.ts', 'error-texts.ts', 'system-errors.ts', 'iterator.ts'],
  },
  { pkg: 'sdk', entry: 'src/iife-noble.ts', file: 'zen-websocket.noble.iife.min.js', name: 'noble', noble: true },
  { pkg: 'sdk', entry: 'src/esm-browser.ts', file: 'zen-websocket.browser.mjs', format: 'es' },
];

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

/** What each script exposes, recorded when it is built (IIFES order: before the add-ons that use it). */
const exposed = new Map();

/** Records a script's exports (for the core script, with `__internal`'s), for the add-ons' build check. */
function recordExposed(key) {
  return {
    name: 'record-exposed',
    generateBundle(_options, bundle) {
      const names = new Set();
      for (const chunk of Object.values(bundle))
        if (chunk.type === 'chunk') for (const n of chunk.exports) names.add(n);
      const internal = key === 'core' && this.getModuleInfo(path.join(pkgDir('sdk'), 'src', 'iife-internal.ts'));
      for (const n of internal?.exports ?? []) names.add(n);
      exposed.set(key, names);
    },
  };
}

const GLOBAL_CORE = '\0zen-websocket:core-global';
const GLOBAL_INTERNAL = '\0zen-websocket:internal-global';
/** Core subpaths that are add-ons of their own: other add-ons read them from `ZenWebsocket.<name>`. */
const SUBPATH_ADDONS = ['limiter', 'book'];
const subpathGlobal = (name) => `\0zen-websocket:${name}-global`;
/** `@zen-websocket/core/internal` names an add-on bundles itself (by source file) instead of reading the global. */
const LOCAL_INTERNALS = {
  // the core script's default socket (the page's WebSocket) instead of a copy of global-socket.ts in every add-on
  defaultGlobalSocketFactory: '../../sdk/src/iife-global-socket.ts',
  lazyBook: 'book/lazy.ts',
  // the venue adapters' `paper` option: loads @zen-websocket/testing/paper by a run-time specifier
  loadPaperEngine: 'paper.ts',
};
const GLOBAL_NOBLE = '\0zen-websocket:noble-global';
const coreSrc = path.join(pkgDir('core'), 'src');
/**
 * Venue order-book modules that live in the book add-on (`ZenWebsocket.book.__venues`, see iife-book-venues.ts)
 * instead of the venue add-ons: a venue add-on reads them when a book is first made, so pages without books load
 * neither the book add-on nor the venues' book code. Source file → the names it exports.
 */
const VENUE_BOOKS = {
  [path.join(pkgDir('deribit'), 'src', 'book.ts')]: ['createDeribitBook'],
  [path.join(pkgDir('binance'), 'src', 'book.ts')]: ['createBinanceBook', 'restOrigin'],
};
const venueBookId = (file) => `\0zen-websocket:venue-book:${file}`;
const NEEDS_BOOK =
  'orderBook needs zen-websocket.book.iife.min.js (same version): load it after zen-websocket.iife.min.js';

/** The virtual module of an add-on that stands for `ZenWebsocket[.namespace]`, failing at load when it is absent. */
function fromGlobal(file, needs, expression) {
  return {
    code: [
      'const Z = globalThis.ZenWebsocket;',
      `const value = ${expression};`,
      `if (!value) throw new Error(${JSON.stringify(`${file} needs ${needs} (same version): load that script first`)});`,
      'export default value;',
    ].join('\n'),
    syntheticNamedExports: true,
  };
}

/**
 * For an add-on: `@zen-websocket/core`, `/internal` and core's own top-level modules become one module reading
 * `globalThis.ZenWebsocket` and its `__internal` object, so classes (`instanceof ZenError`), the shared
 * `telemetry` and the socket defaults are core's own; `@zen-websocket/core/limiter` and `/book` (outside their
 * own add-ons) read `ZenWebsocket.limiter` and `ZenWebsocket.book`, those add-ons. `@noble/*` becomes a module that reads the noble add-on's
 * `ZenWebsocket.noble` when first used, or rejects saying which script to add. The build fails if the add-on takes
 * a name the script it relies on does not expose (for core: add it to `src/iife-internal.ts`).
 */
function coreFromGlobal({ file, own, local = [] }) {
  const taken = new Set();
  const sources = {
    [GLOBAL_CORE]: { key: 'core', script: 'zen-websocket.iife.min.js' },
    [GLOBAL_INTERNAL]: { key: 'core', script: 'zen-websocket.iife.min.js' },
  };
  for (const name of SUBPATH_ADDONS) {
    sources[subpathGlobal(name)] = { key: name, script: `zen-websocket.${name}.iife.min.js` };
  }
  return {
    name: 'core-from-global',
    async resolveId(source, importer) {
      if (source === GLOBAL_CORE) return GLOBAL_CORE;
      if (/^@noble\//.test(source)) return GLOBAL_NOBLE;
      if (source === '@zen-websocket/core') return GLOBAL_CORE;
      if (source === '@zen-websocket/core/internal' || source === '@zen-websocket/core/strict') return GLOBAL_INTERNAL;
      const subpath = /^@zen-websocket\/core\/([a-z]+)$/.exec(source)?.[1];
      if (subpath && subpath !== own && SUBPATH_ADDONS.includes(subpath)) return subpathGlobal(subpath);
      if (own !== 'book' && importer && source.startsWith('.')) {
        const file = path.resolve(path.dirname(importer), source).replace(/\.js$/, '.ts');
        if (file in VENUE_BOOKS) return venueBookId(file);
      }
      if (!importer?.startsWith(coreSrc + path.sep) || !source.startsWith('.')) return null;
      // core's top-level modules are the core script's; its subfolders (limiter/, pool/) are add-ons' own.
      const abs = path.resolve(path.dirname(importer), source);
      if (local.includes(path.basename(abs).replace(/\.js$/, '.ts'))) return null; // the add-on's own copy
      return path.dirname(abs) === coreSrc ? GLOBAL_CORE : null;
    },
    load(id) {
      if (id === GLOBAL_CORE)
        return fromGlobal(file, 'zen-websocket.iife.min.js', 'Z?.__internal && { ...Z, ...Z.__internal }');
      const subpath = SUBPATH_ADDONS.find((name) => id === subpathGlobal(name));
      if (subpath) return fromGlobal(file, `zen-websocket.${subpath}.iife.min.js`, `Z && Z.${subpath}`);
      if (id === GLOBAL_INTERNAL) {
        // Stateless helpers the core script does not use itself are bundled (cheaper than exposing them).
        const local = Object.entries(LOCAL_INTERNALS).map(
          ([name, file]) => `export { ${name} } from ${JSON.stringify(path.join(coreSrc, file))};`,
        );
        return {
          code: [`import core from ${JSON.stringify(GLOBAL_CORE)};`, ...local, 'export default core;'].join('\n'),
          syntheticNamedExports: true,
        };
      }
      const venueBook = Object.keys(VENUE_BOOKS).find((file) => id === venueBookId(file));
      if (venueBook) {
        return [
          'const venues = () => {',
          '  const found = globalThis.ZenWebsocket?.book?.__venues;',
          `  if (!found) throw new TypeError(${JSON.stringify(NEEDS_BOOK)});`,
          '  return found;',
          '};',
          ...VENUE_BOOKS[venueBook].map((name) => `export const ${name} = (...a) => venues().${name}(...a);`),
        ].join('\n');
      }
      if (id === GLOBAL_NOBLE) {
        const need = JSON.stringify(
          'WebCrypto cannot sign here (crypto.subtle needs https or localhost): add zen-websocket.noble.iife.min.js',
        );
        return [
          'const noble = () => {',
          '  const n = globalThis.ZenWebsocket && globalThis.ZenWebsocket.noble;',
          `  if (!n) throw new TypeError(${need});`,
          '  return n;',
          '};',
          'export const sha256 = undefined;',
          'export const hmac = (_hash, key, message) => noble().hmac(noble().sha256, key, message);',
          'export const ed25519 = { sign: (message, seed) => noble().ed25519.sign(message, seed) };',
        ].join('\n');
      }
      return null;
    },
    moduleParsed(info) {
      // Names imported from a global, read from each importer's own import declarations.
      for (const node of info.ast?.body ?? []) {
        if (node.type !== 'ImportDeclaration' && node.type !== 'ExportNamedDeclaration') continue;
        if (!node.source) continue;
        for (const s of node.specifiers ?? []) {
          const name =
            s.type === 'ImportSpecifier' ? s.imported.name : s.type === 'ExportSpecifier' ? s.local.name : '*';
          taken.add(`${info.id}\u0000${node.source.value}\u0000${name}`);
        }
      }
    },
    async buildEnd(error) {
      if (error) return;
      const missing = new Set();
      for (const key of taken) {
        const [importer, source, name] = key.split('\u0000');
        const id = (await this.resolve(source, importer, { skipSelf: false }))?.id;
        if (!(id in sources) || (id === GLOBAL_INTERNAL && name in LOCAL_INTERNALS)) continue;
        const names = exposed.get(sources[id].key);
        if (!names) this.error(`${file}: ${sources[id].script} must be built first (earlier in IIFES)`);
        if (name === '*' || !names.has(name)) missing.add(`${name} (${sources[id].script})`);
      }
      if (missing.size > 0) {
        this.error(
          `${file} takes ${[...missing].join(', ')} from the global ZenWebsocket, which is not exposed there: for core, add it to packages/sdk/src/iife-internal.ts`,
        );
      }
    },
  };
}

/** Core's browser builds: its Node-only parts replaced by `browser-stand-ins.ts` (scripts/node-stand-ins.mjs). */
const nodeStandIns = {
  name: 'node-stand-ins',
  resolveId: (source, importer) => nodeStandIn(source, importer, coreSrc),
};

/**
 * Core's entries for the `browser` condition of its package.json (`dist/browser/*.js`, ES modules): the same code
 * without its Node-only parts (`nodeStandIns`, `NODE_STAND_INS` in scripts/node-stand-ins.mjs), for bundlers that build pages. Node, Deno and Bun do not use that
 * condition and get `dist/*.js`; types are the same files'.
 */
function coreBrowserBuild() {
  const core = PACKAGES.find((p) => p.pkg === 'core');
  const input = Object.fromEntries(
    Object.entries(inputOf([core])).map(([name, file]) => [name.replace('core/dist/', 'core/dist/browser/'), file]),
  );
  if (Object.keys(input).length === 0) return null;
  return {
    input,
    external: isBare,
    onwarn,
    plugins: [nodeStandIns, esbuild({ target: TARGET }), packageBoundaries],
    output: {
      dir,
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'core/dist/browser/chunks/[name]-[hash].js',
      sourcemap: false,
    },
  };
}

/**
 * Core modules the core script replaces by the stand-ins in `packages/sdk/src/iife-stand-ins.ts`: what a page never
 * needs (the Node/OpenSSL system-error table, the Node `ws` socket wiring) or gets from the extras add-on
 * (`messages()`' stream; `explain` is replaced in `src/iife.ts`).
 */
const STAND_INS = ['system-errors.js', 'node-socket.js', 'iterator.js'];
const browserStandIns = {
  name: 'browser-stand-ins',
  resolveId(source, importer) {
    if (!STAND_INS.includes(source.replace(/^\.\//, '')) || path.dirname(importer ?? '') !== coreSrc) return null;
    return path.join(pkgDir('sdk'), 'src', 'iife-stand-ins.ts');
  },
};

/** Terser for every script-tag build. */
const minify = () => terser({ ecma: 2020, compress: { passes: 3 }, format: { comments: false } });

function iifeBuild({ pkg, entry, file, name, core, own, local, noble, format = 'iife' }) {
  const input = path.join(pkgDir(pkg), entry);
  if (!existsSync(input)) return null;
  const addon = !core && !noble && format === 'iife';
  const out = path.join(pkgDir(pkg), 'dist', file);
  const output =
    format === 'es'
      ? {
          // One file, plus the `@noble/*` fallback as a sibling chunk it imports only where WebCrypto lacks an
          // algorithm (a relative URL: still no import map).
          dir: path.dirname(out),
          format: 'es',
          entryFileNames: file,
          chunkFileNames: file.replace(/\.mjs$/, '-[name].mjs'),
          // Everything else, including what the library builds import lazily (the order-book engine, the
          // IndexedDB sink), stays in the one file: the entry's own chunk.
          manualChunks: (id) =>
            id.includes(`${path.sep}node_modules${path.sep}@noble${path.sep}`) ? 'noble' : 'esm-browser',
          plugins: [minify()],
        }
      : {
          file: out,
          format: 'iife',
          // Add-ons extend the global: `this.ZenWebsocket.deribit = …`, never replacing `ZenWebsocket`.
          name: core ? name : `ZenWebsocket.${name}`,
          extend: !core,
          exports: 'named',
          inlineDynamicImports: true,
          plugins: [minify()],
        };
  return {
    input,
    onwarn,
    plugins: [
      browserOnly,
      ...(addon ? [coreFromGlobal({ file, own, local })] : []),
      ...(core ? [browserStandIns] : format === 'es' ? [nodeStandIns] : []),
      ...(core ? [recordExposed('core')] : SUBPATH_ADDONS.includes(own) ? [recordExposed(own)] : []),
      ...(format === 'es' ? [typesBeside(input, file)] : []),
      workspaceSources,
      nodeResolve({ browser: true, preferBuiltins: false, extensions: ['.mjs', '.js', '.json'] }),
      esbuild({ target: TARGET }),
    ],
    output,
  };
}

/**
 * The one-file ES module's types: its entry's re-exports, pointing at the declarations the library build writes
 * beside it (`src/web.ts` → `dist/web.d.ts`, …), so `zen-websocket/browser` is typed like the entries it joins.
 */
function typesBeside(entry, file) {
  return {
    name: 'types-beside',
    generateBundle() {
      const source = readFileSync(entry, 'utf8');
      this.emitFile({ type: 'asset', fileName: file.replace(/\.mjs$/, '.d.mts'), source });
    },
  };
}

const builds = [];
const built = new Set();
const input = inputOf(PACKAGES);
if (Object.keys(input).length > 0) {
  builds.push(libraryBuild(input), typesBuild(input));
  const browserCore = coreBrowserBuild();
  if (browserCore) builds.push(browserCore);
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
