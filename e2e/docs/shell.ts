// Checks what a shell block promises without running it: `npm run X` / `npm start` / `npm test` name scripts of
// the root package.json, `npm install` names packages of this repository that exist, `npx zen-websocket` uses a
// command and flags its `--help` lists, and `node <file>` names a file that exists.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './markdown.js';

interface PackageJson {
  name: string;
  scripts?: Record<string, string>;
  bin?: string | Record<string, string>;
}

const readJson = (file: string): PackageJson => JSON.parse(readFileSync(file, 'utf8')) as PackageJson;

const rootPackage = readJson(path.join(root, 'package.json'));
const workspaces = new Map<string, string>(
  readdirSync(path.join(root, 'packages'))
    .filter((p) => existsSync(path.join(root, 'packages', p, 'package.json')))
    .map((p) => [readJson(path.join(root, 'packages', p, 'package.json')).name, p]),
);

let cliHelp: string | undefined;

/** The CLI's `--help` text (run once, from the bin that `zen-websocket`'s package.json declares). */
function help(): string {
  if (cliHelp !== undefined) return cliHelp;
  const dir = path.join(root, 'packages', workspaces.get('zen-websocket') ?? 'sdk');
  const { bin } = readJson(path.join(dir, 'package.json'));
  const file = typeof bin === 'string' ? bin : bin?.['zen-websocket'];
  if (!file) throw new Error('zen-websocket declares no "zen-websocket" bin');
  const run = (args: string[]): string => {
    try {
      return execFileSync(process.execPath, [path.join(dir, file), ...args], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
  };
  const text = run(['--help']);
  if (!/usage/i.test(text))
    throw new Error(`\`zen-websocket --help\` printed no usage (is the package built?):\n${text}`);
  cliHelp = text;
  return cliHelp;
}

/** Commands joined by `\` continuations, comments and prompts removed. */
function commands(code: string): string[] {
  return code
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) =>
      l
        .replace(/^\s*\$\s+/, '')
        .replace(/\s+#.*$/, '')
        .trim(),
    )
    .filter((l) => l && !l.startsWith('#'))
    .flatMap((l) => l.split(/\s*(?:&&|\|\||;)\s*/));
}

/** Problems with a shell block, one line each; empty when everything it names exists. */
export function checkShell(code: string): string[] {
  const problems: string[] = [];
  for (const command of commands(code)) {
    const words = command.split(/\s+/);
    const [tool, sub, ...rest] = words;
    if (tool === 'npm' && (sub === 'run' || sub === 'run-script')) {
      const script = rest.find((w) => !w.startsWith('-'));
      if (!script || !rootPackage.scripts?.[script])
        problems.push(`\`${command}\`: no "${script}" script in package.json`);
    } else if (tool === 'npm' && (sub === 'start' || sub === 'test')) {
      if (!rootPackage.scripts?.[sub]) problems.push(`\`${command}\`: no "${sub}" script in package.json`);
    } else if (tool === 'npm' && (sub === 'install' || sub === 'i' || sub === 'add')) {
      for (const word of rest.filter((w) => !w.startsWith('-'))) {
        const bare = /^(@[^/@]+\/[^@]+|[^@]+)/.exec(word)?.[1] ?? word; // without a @version
        if ((bare === 'zen-websocket' || bare.startsWith('@zen-websocket/')) && !workspaces.has(bare)) {
          problems.push(`\`${command}\`: there is no package ${bare} in packages/`);
        }
      }
    } else if (tool === 'npx' && sub === 'zen-websocket') {
      problems.push(...checkCli(command, rest));
    } else if (tool === 'node' && sub && /\.[cm]?[jt]s$/.test(sub) && !existsSync(path.join(root, sub))) {
      problems.push(`\`${command}\`: ${sub} does not exist`);
    }
  }
  return problems;
}

function checkCli(command: string, args: string[]): string[] {
  const text = help();
  const problems: string[] = [];
  const name = args.find((a) => !a.startsWith('-'));
  if (name && !new RegExp(`\\b${name}\\b`).test(text)) {
    problems.push(`\`${command}\`: \`zen-websocket --help\` lists no command "${name}"`);
  }
  for (const flag of args.filter((a) => a.startsWith('-'))) {
    const bare = flag.split('=')[0] ?? flag;
    if (!new RegExp(`(^|[\\s\\[,])${bare.replace(/[-]/g, '\\-')}\\b`, 'm').test(text)) {
      problems.push(`\`${command}\`: \`zen-websocket --help\` lists no flag ${bare}`);
    }
  }
  return problems;
}
