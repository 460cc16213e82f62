// Node runner: `import { connect } from 'zen-websocket'` resolves, through the workspace symlink and the
// `node` export condition, to packages/sdk/dist/node.js (default socket: ws). With ZEN_CONTRACT_SOCKET=native
// (run under Node 22) every client gets `socketFactory: nativeSocketFactory`, Node's own WebSocket (with headers).
import * as sdk from 'zen-websocket';
import { connect, nativeSocketFactory } from 'zen-websocket';
import { main } from './main.mjs';

const native = process.env.ZEN_CONTRACT_SOCKET === 'native';
await main({
  connect,
  sdk,
  extras: native ? { socketFactory: nativeSocketFactory } : {},
  loaded: import.meta.resolve('zen-websocket'),
  version: `node ${process.version}`,
  config: process.env.ZEN_CONTRACT,
});
