// What every tarball holds (the `npm pack` made for the fresh project, see install.ts): a README (the root
// README for `zen-websocket`), the MIT LICENSE, built files only (no src/ copies, no source maps).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no types
import { packedReadme } from '../../scripts/readme-for-pack.mjs';
import { type PackInfo, packedProject, packInfo } from './install.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Every workspace package (folder names under packages/). */
const PACKAGES: string[] = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).workspaces.map(
  (w: string) => path.basename(w),
);

let packs: PackInfo[] = [];
beforeAll(() => {
  packs = packInfo(packedProject());
}, 240_000);

describe.each(PACKAGES)('packages/%s tarball', (pkg) => {
  let packed: PackInfo;
  const file = (name: string) => packed.files.find((f) => f.path === name);
  beforeAll(() => {
    const found = packs.find((p) => p.pkg === pkg);
    if (!found) throw new Error(`packages/${pkg} was not packed`);
    packed = found;
  });

  it('has a README and the MIT LICENSE', () => {
    expect(file('README.md'), `${packed.name} has no README.md`).toBeDefined();
    expect(file('LICENSE'), `${packed.name} has no LICENSE`).toBeDefined();
    const license = readFileSync(path.join(root, 'packages', pkg, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 zen-websocket contributors\n/);
    expect(license).toBe(readFileSync(path.join(root, 'LICENSE'), 'utf8'));
  });

  it('ships built files only: no src/, no source maps, nothing outside dist/ and bin/', () => {
    const extra = packed.files
      .map((f) => f.path)
      .filter((p) => !/^(dist|bin)\//.test(p) && !['README.md', 'LICENSE', 'package.json'].includes(p));
    expect(extra).toEqual([]);
    expect(packed.files.filter((f) => f.path.endsWith('.map')).map((f) => f.path)).toEqual([]);
  });

  if (pkg === 'sdk') {
    it("zen-websocket's README is the repository's README (copied while packing, then removed)", () => {
      const readme = file('README.md');
      const packedText = packedReadme(readFileSync(path.join(root, 'README.md'), 'utf8'));
      expect(readme?.size).toBe(Buffer.byteLength(packedText));
      expect(() => readFileSync(path.join(root, 'packages', 'sdk', 'README.md'))).toThrow(/ENOENT/);
    });

    it('its README has no relative link or image: the npm page would resolve none of them (no repository)', () => {
      const packedText = packedReadme(readFileSync(path.join(root, 'README.md'), 'utf8'));
      const targets = [...packedText.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
      expect(targets.filter((t) => !/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(t))).toEqual([]);
      // the repository's README does link them, and the packed one still names each file
      expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('](docs/runtimes.md)');
      expect(packedText).toContain('`docs/runtimes.md`');
    });
  }
});
