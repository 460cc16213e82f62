// Deno runner, importing the package the way the README tells Deno users to: `npm:zen-websocket`. Run from
// the repository root with `--node-modules-dir=manual`, Deno resolves it from the local node_modules (the
// workspace symlink to packages/sdk) through the `deno` export condition to dist/web.js, and never asks the
// npm registry (the harness also points NPM_CONFIG_REGISTRY at a closed local port to prove it).
import * as sdk from 'npm:zen-websocket';
import { connect } from 'npm:zen-websocket';
import { main } from './main.mjs';

await main({
  connect,
  sdk,
  loaded: import.meta.resolve('npm:zen-websocket'),
  version: `deno ${Deno.version.deno}`,
  config: Deno.env.get('ZEN_CONTRACT'),
});
