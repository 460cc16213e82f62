/**
 * `zen-websocket.noble.iife.min.js`: the optional fallback for pages where WebCrypto lacks an algorithm
 * (`crypto.subtle` is missing on plain-http pages other than localhost; Ed25519 is missing in older browsers).
 * It puts `@noble/hashes` HMAC-SHA256 and `@noble/curves` Ed25519 on `ZenWebsocket.noble`, where the venue
 * add-ons look when WebCrypto cannot sign. Load it after `zen-websocket.iife.min.js`; without it (and without
 * WebCrypto) signing rejects with a `TypeError` naming this script.
 */
export { ed25519 } from '@noble/curves/ed25519.js';
export { hmac } from '@noble/hashes/hmac.js';
export { sha256 } from '@noble/hashes/sha2.js';
