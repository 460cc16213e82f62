// ESM and CJS builds mixed in one process (a CJS dependency throws, ESM code checks): `instanceof` and
// `isZenError` must still recognise zen-websocket's errors. Against the PACKED packages in a fresh project.
import { beforeAll, expect, it } from 'vitest';
import { packedProject } from './install.js';
import { runInProject } from './run-in-project.js';

let project = '';
beforeAll(() => {
  project = packedProject();
}, 240_000);

it('an AuthError from the CJS build is instanceof AuthError/ZenError of the ESM build, and the other way round', async () => {
  const out = await runInProject(
    project,
    'dual-build.mjs',
    `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const cjs = require('zen-websocket');
const esm = await import('zen-websocket');
if (cjs.AuthError === esm.AuthError) throw new Error('expected two builds, got one class');
const fromCjs = new cjs.AuthError('unauthorized', 'bad credentials');
const fromEsm = new esm.RpcError(13009, 'unauthorized');
console.log(JSON.stringify({
  cjsInEsm: fromCjs instanceof esm.AuthError,
  cjsZenInEsm: fromCjs instanceof esm.ZenError,
  cjsNotRpc: !(fromCjs instanceof esm.RpcError),
  isZenError: esm.isZenError(fromCjs) && cjs.isZenError(fromEsm),
  esmInCjs: fromEsm instanceof cjs.RpcError && fromEsm instanceof cjs.ZenError,
  esmNotAuth: !(fromEsm instanceof cjs.AuthError),
  plainNot: !(new Error('x') instanceof esm.ZenError) && !esm.isZenError({ code: 'unauthorized' }),
}));
`,
  );
  expect(JSON.parse(out)).toEqual({
    cjsInEsm: true,
    cjsZenInEsm: true,
    cjsNotRpc: true,
    isZenError: true,
    esmInCjs: true,
    esmNotAuth: true,
    plainNot: true,
  });
});
