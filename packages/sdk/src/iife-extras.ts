/**
 * The extras add-on script (`zen-websocket.extras.iife.min.js`, `ZenWebsocket.extras`): `explain()` with its
 * table of messages and fixes and the Node/OpenSSL system-error table it reads raw transport errors with, and the
 * stream behind `client.messages()`. Load it after `zen-websocket.iife.min.js`; then `ZenWebsocket.explain(error)`
 * and `client.messages()` work as in every other build. Without it they throw a TypeError naming this script
 * (iife-stand-ins.ts).
 */
export { explain } from '../../core/src/explain.js';
/** `client.messages()`'s stream, which the core script's clients take from here. Not an API (no semver promise). */
export { messageStream as __messageStream } from '../../core/src/iterator.js';
