/**
 * The types TypeScript shows under `moduleResolution: "bundler"`. That resolution matches no runtime condition
 * (`node`, `browser`, `deno`, `bun`), so it reads the `default` branch of `exports`: these types are everything
 * the web build exports plus the Node build's socket factories, so the Node docs' `import { nodeSocketFactory }
 * from 'zen-websocket'` type-checks there too. At run time a bundler still picks the build for its target
 * (`node` for Node and SSR bundles, where `nodeSocketFactory` exists; `browser` for pages, where it does not).
 */

export { nativeSocketFactory, nodeSocketFactory } from './node.js';
export * from './web.js';
