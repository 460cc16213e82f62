// Bun runner: `import { connect } from 'zen-websocket'` through the `bun` export condition → dist/web.js
// (Bun's own WebSocket). Run it with `--tsconfig-override=e2e/runners/tsconfig.bun.json`: Bun honours
// tsconfig `paths`, and the repository's root tsconfig maps package names to their TypeScript sources for
// the type checker — without the override Bun would run packages/*/src instead of the build users install.
import * as sdk from 'zen-websocket';
import { connect } from 'zen-websocket';
import { main } from './main.mjs';

await main({
  connect,
  sdk,
  loaded: import.meta.resolve('zen-websocket'),
  version: `bun ${Bun.version}`,
  config: Bun.env.ZEN_CONTRACT,
});
