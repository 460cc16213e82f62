// What every tarball holds (`npm pack --dry-run`): a README (the root README for `zen-websocket`), the MIT
// LICENSE, built files only (no src/ duplicates, no source maps), and nothing outside `dist`/`bin`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../../packages/sdk/test/build.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGES = ['core', 'deribit', 'binance', 'recorder', 'testing', 'sdk'];

interface Packed {
  name: string;
  size: number;
  files: Array<{ path: string; size: number }>;
}

function dryRun(pkg: string): Packed {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--loglevel=error'], {
    cwd: path.join(root, 'packages', pkg),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [packed] = JSON.parse(out.slice(out.indexOf('['))) as Packed[];
  if (!packed) throw new Error(`npm pack printed nothing for ${pkg}`);
  return packed;
}

beforeAll(() => buildOnce(), 300_000);

describe.each(PACKAGES)('packages/%s tarball', (pkg) => {
  let packed: Packed;
  const file = (name: string) => packed.files.find((f) => f.path === name);
  beforeAll(() => {
    packed = dryRun(pkg);
  }, 60_000);

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
      expect(readme?.size).toBe(readFileSync(path.join(root, 'README.md')).length);
      expect(() => readFileSync(path.join(root, 'packages', 'sdk', 'README.md'))).toThrow(/ENOENT/);
    });
  }
});
