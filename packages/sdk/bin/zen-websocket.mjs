#!/usr/bin/env node
// The `zen-websocket` command. Its code is TypeScript in src/cli/, built to dist/cli.js (see docs/recording.md).
import '../dist/cli.js';
