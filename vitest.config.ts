import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (file: string): string => fileURLToPath(new URL(`./packages/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Package names resolve to their TypeScript sources, so tests never need a build. Most specific first.
    alias: [
      { find: /^@zen-websocket\/core\/internal$/, replacement: src('core/src/internal.ts') },
      { find: /^@zen-websocket\/core\/strict$/, replacement: src('core/src/strict.ts') },
      { find: /^@zen-websocket\/core\/crypto$/, replacement: src('core/src/crypto.ts') },
      { find: /^@zen-websocket\/core\/limiter$/, replacement: src('core/src/limiter/index.ts') },
      { find: /^@zen-websocket\/core\/pool$/, replacement: src('core/src/pool/index.ts') },
      { find: /^@zen-websocket\/core\/book$/, replacement: src('core/src/book/index.ts') },
      { find: /^@zen-websocket\/recorder\/fs$/, replacement: src('recorder/src/fs.ts') },
      { find: /^@zen-websocket\/recorder\/indexeddb$/, replacement: src('recorder/src/indexeddb.ts') },
      { find: /^@zen-websocket\/recorder$/, replacement: src('recorder/src/index.ts') },
      { find: /^@zen-websocket\/core$/, replacement: src('core/src/index.ts') },
      { find: /^@zen-websocket\/deribit\/safety$/, replacement: src('deribit/src/safety.ts') },
      { find: /^@zen-websocket\/deribit\/feed$/, replacement: src('deribit/src/feed.ts') },
      { find: /^@zen-websocket\/binance\/safety$/, replacement: src('binance/src/safety.ts') },
      { find: /^@zen-websocket\/binance\/feed$/, replacement: src('binance/src/feed.ts') },
      { find: /^@zen-websocket\/bybit\/safety$/, replacement: src('bybit/src/safety.ts') },
      { find: /^@zen-websocket\/bybit\/feed$/, replacement: src('bybit/src/feed.ts') },
      { find: /^@zen-websocket\/deribit$/, replacement: src('deribit/src/index.ts') },
      { find: /^@zen-websocket\/binance$/, replacement: src('binance/src/index.ts') },
      { find: /^@zen-websocket\/bybit$/, replacement: src('bybit/src/index.ts') },
      { find: /^@zen-websocket\/nats$/, replacement: src('nats/src/index.ts') },
      { find: /^@zen-websocket\/testing\/fakes$/, replacement: src('testing/src/fakes/index.ts') },
      { find: /^@zen-websocket\/testing\/paper$/, replacement: src('testing/src/paper/index.ts') },
      { find: /^@zen-websocket\/testing$/, replacement: src('testing/src/index.ts') },
      { find: /^zen-websocket\/nats$/, replacement: src('sdk/src/nats.ts') },
      { find: /^zen-websocket\/book$/, replacement: src('sdk/src/book.ts') },
      { find: /^zen-websocket$/, replacement: src('sdk/src/node.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts', 'e2e/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 15_000,
    hookTimeout: 15_000,
  },
});
