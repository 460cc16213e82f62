/**
 * The types TypeScript shows under `moduleResolution: "bundler"`. That resolution matches no runtime condition
 * (`node`, `browser`, `deno`, `bun`), so it reads the `default` branch of `exports`: these types are everything
 * the web build exports plus the Node build's socket factories and `memorySink`, so the Node docs'
 * `import { nodeSocketFactory, memorySink } from 'zen-websocket'` type-checks there too (browser code imports
 * the sinks from `zen-websocket/recorder`). At run time a bundler still picks the build for its target
 * (`node` for Node and SSR bundles, where `nodeSocketFactory` exists; `browser` for pages, where it does not).
 */

export { memorySink, nativeSocketFactory, nodeSocketFactory } from './node.js';
export * from './web.js';
