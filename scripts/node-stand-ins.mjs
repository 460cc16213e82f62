// Core's Node-only parts, for builds that run in pages (rollup.config.mjs: core's `browser` condition and the one-file
// module; scripts/size-breakdown.mjs): module → the core modules whose import of it is replaced by
// packages/core/src/browser-stand-ins.ts (the `ws` wiring and Bun's pong events; the transport's reading of Node,
// `ws` and TLS error details; `explain()` keeps the real system-error table).
export const NODE_STAND_INS = {
  'node-socket.js': ['transport.ts', 'socket.ts', 'global-socket.ts', 'outbound.ts', 'heartbeat.ts'],
  'system-errors.js': ['transport.ts'],
};

/** The stand-in file for `source` imported by `importer` (absolute), or null; `coreSrc`: packages/core/src. */
export function nodeStandIn(source, importer, coreSrc) {
  const importers = NODE_STAND_INS[source.replace(/^\.\//, '')];
  const dir = importer ? importer.slice(0, importer.lastIndexOf('/')) : '';
  if (!importers || dir !== coreSrc || !importers.includes(importer.slice(dir.length + 1))) return null;
  return `${coreSrc}/browser-stand-ins.ts`;
}
