/** The script-tag build: everything in the web build, on one global `ZenWebsocket`. */
export * from './web.js';
