// Packs every workspace with `npm pack` and installs the tarballs into a fresh project, the way a user would
// (`npm install --offline`, falling back to `--prefer-offline`). Prints the project's path on the last line;
// `packs.json` beside it holds what `npm pack --json` reported for each package (files and sizes).
// The result is cached per content of the built packages: a second test file (or a second run over the same
// build) reuses it. Run it under `flock` (see install.ts) so two test files never pack at the same time.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Every workspace package (folder names under packages/), from the root package.json. */
export const PACKAGES = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).workspaces.map((w) =>
  path.basename(w),
);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Every file a tarball can hold, hashed: a rebuild or an edited package.json makes a new install. */
function contentHash() {
  const hash = createHash('sha256');
  const add = (file) => {
    if (!existsSync(file)) return;
    if (statSync(file).isDirectory()) {
      for (const name of readdirSync(file).sort()) add(path.join(file, name));
      return;
    }
    hash.update(path.relative(root, file));
    hash.update(readFileSync(file));
  };
  add(path.join(root, 'README.md'));
  add(path.join(root, 'scripts', 'readme-for-pack.mjs'));
  for (const pkg of PACKAGES) {
    const dir = path.join(root, 'packages', pkg);
    for (const name of ['package.json', 'README.md', 'LICENSE', 'dist', 'bin']) add(path.join(dir, name));
  }
  return hash.digest('hex').slice(0, 16);
}

function packAndInstall(base) {
  // Older builds' installs are dropped (this runs under the lock, so no test is using them).
  const parent = path.dirname(base);
  if (existsSync(parent))
    for (const name of readdirSync(parent)) rmSync(path.join(parent, name), { recursive: true, force: true });
  const tarballs = path.join(base, 'tarballs');
  const project = path.join(base, 'project');
  rmSync(base, { recursive: true, force: true });
  mkdirSync(tarballs, { recursive: true });
  mkdirSync(project, { recursive: true });
  const files = {};
  const packs = [];
  for (const pkg of PACKAGES) {
    const out = execFileSync(npm, ['pack', '--json', '--pack-destination', tarballs], {
      cwd: path.join(root, 'packages', pkg),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [info] = JSON.parse(out.slice(out.indexOf('[')));
    files[info.name] = path.join(tarballs, info.filename);
    packs.push({ pkg, ...info });
  }
  const typesNode = JSON.parse(readFileSync(path.join(root, 'node_modules/@types/node/package.json'), 'utf8'));
  // Sibling packages resolve to the tarballs too (overrides), never to a registry copy.
  const spec = Object.fromEntries(Object.entries(files).map(([name, file]) => [name, `file:${file}`]));
  writeFileSync(
    path.join(project, 'package.json'),
    `${JSON.stringify(
      {
        name: 'fresh-project',
        private: true,
        type: 'module',
        dependencies: { ...spec, '@types/node': typesNode.version },
        overrides: spec,
      },
      null,
      2,
    )}\n`,
  );
  const install = (mode) =>
    execFileSync(npm, ['install', mode, '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  try {
    install('--offline');
  } catch {
    install('--prefer-offline');
  }
  writeFileSync(path.join(base, 'packs.json'), JSON.stringify(packs, null, 2));
  writeFileSync(path.join(base, 'done'), JSON.stringify(files));
  return project;
}

const base = path.join(os.tmpdir(), 'zen-websocket-packed', contentHash());
const project = existsSync(path.join(base, 'done')) ? path.join(base, 'project') : packAndInstall(base);
console.log(project);
