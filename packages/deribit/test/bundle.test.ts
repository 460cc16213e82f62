// What a page that imports createDeribitClient ships up front (esbuild, browser, code splitting, as the size
// check's dashboard entry): the login code (token refresh, request signing, HMAC) is a chunk of its own, loaded
// only by clients given credentials, so public-data pages do not carry it.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const { paths } = JSON.parse(readFileSync(`${root}tsconfig.json`, 'utf8')).compilerOptions as {
  paths: Record<string, string[]>;
};

/** The bundle's chunks as text, split into what the entry imports statically and what it loads on demand. */
async function bundle(source: string): Promise<{ upFront: string; lazy: string }> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js' },
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: `${root}.bundle-test`,
    write: false,
    metafile: true,
    logLevel: 'silent',
    tsconfigRaw: JSON.stringify({ compilerOptions: { baseUrl: '.', paths } }),
  });
  const outputs = (result.metafile as Metafile).outputs;
  const text = new Map(result.outputFiles.map((f) => [f.path.slice(root.length), f.text]));
  const entry = Object.keys(outputs).find((key) => outputs[key]?.entryPoint !== undefined) as string;
  const loaded = new Set<string>();
  const visit = (key: string) => {
    if (loaded.has(key)) return;
    loaded.add(key);
    for (const i of outputs[key]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(entry);
  const pick = (up: boolean) =>
    Object.keys(outputs)
      .filter((key) => loaded.has(key) === up)
      .map((key) => text.get(key) ?? '')
      .join('\n');
  return { upFront: pick(true), lazy: pick(false) };
}

describe('bundle', () => {
  it('keeps the login code out of what createDeribitClient ships up front', async () => {
    const { upFront, lazy } = await bundle(
      "import { createDeribitClient } from '@zen-websocket/deribit'; console.log(createDeribitClient);",
    );
    expect(upFront).toContain('public/set_heartbeat'); // the client itself is there
    for (const login of ['grant_type', 'refresh_token', 'importKey']) {
      expect(upFront, login).not.toContain(login);
      expect(lazy, login).toContain(login);
    }
  });

  it('clientSignature alone does not bring the client or the HMAC code up front', async () => {
    const { upFront, lazy } = await bundle(
      "import { clientSignature } from '@zen-websocket/deribit'; console.log(clientSignature);",
    );
    expect(upFront).not.toContain('public/set_heartbeat');
    expect(upFront).not.toContain('importKey');
    expect(lazy).toContain('importKey');
  });
});
