// `npm install zen-websocket` as a user on Node 20 does it, with npm's strictest setting: only the package and what
// it needs (the scoped siblings come from the packed tarballs, as the registry would give them). The NATS client
// (`@nats-io/*`, whose `nuid` asks for Node 22) is an optional peer of `zen-websocket/nats`, so a plain install
// neither fetches it nor warns, and `--engine-strict` succeeds; the venues work from that install.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packedProject, packInfo } from './install.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let dir = '';
let install: ReturnType<typeof spawnSync>;

beforeAll(() => {
  const project = packedProject();
  const tarballs = path.join(path.dirname(project), 'tarballs');
  // what the registry would resolve each name to: the packed tarballs (they are not published)
  const tarball = Object.fromEntries(
    packInfo(project).map((p) => [p.name, `file:${path.join(tarballs, p.filename)}`] as const),
  );
  const { 'zen-websocket': sdk, ...overrides } = tarball;
  dir = path.join(os.tmpdir(), `zen-engines-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'engines-check',
      private: true,
      type: 'module',
      dependencies: { 'zen-websocket': sdk },
      overrides,
    }),
  );
  install = spawnSync(npm, ['install', '--engine-strict', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 240_000,
  });
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('installs with --engine-strict on this Node, with no engine warning, and without the NATS client', () => {
  expect(install.status, `${install.stdout}\n${install.stderr}`).toBe(0);
  expect(`${install.stderr}`).not.toContain('EBADENGINE');
  expect(existsSync(path.join(dir, 'node_modules', '@nats-io'))).toBe(false);
  expect(existsSync(path.join(dir, 'node_modules', '@zen-websocket', 'nats'))).toBe(false);
  expect(existsSync(path.join(dir, 'node_modules', '@zen-websocket', 'deribit'))).toBe(true);
});

it('zen-websocket/deribit loads from that install; zen-websocket/nats names the package it needs', () => {
  const run = (code: string) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  const deribit = run("const m = await import('zen-websocket/deribit'); console.log(typeof m.createDeribitClient);");
  expect(deribit.stdout.trim(), deribit.stderr).toBe('function');
  const nats = run("await import('zen-websocket/nats');");
  expect(nats.status).not.toBe(0);
  expect(nats.stderr).toContain("Cannot find package '@zen-websocket/nats'");
});
