/**
 * The script-tag build: everything in the web build, on one global `ZenWebsocket`, plus `__internal` (what the
 * add-on scripts take from core; see iife-internal.ts).
 */
export * as __internal from './iife-internal.js';
export * from './web.js';
