// The `zen-websocket` package's README is the repository's root README. `npm pack`/`npm publish` run this from
// packages/sdk: `copy` (prepack) puts the root README.md beside package.json, `remove` (postpack) takes it away
// again, so the repository keeps one README and the tarball (and the npm page) still has it. The packed copy names
// the repository's files instead of linking to them: the tarball does not hold them, and the npm page resolves a
// relative link against the package's `repository`, which it has none of, so each would be a dead link.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const source = path.join(root, 'README.md');
const target = path.join(process.cwd(), 'README.md');
const action = process.argv[2];

/**
 * The README as packed: a relative link becomes the path it names (`[docs/runtimes.md](docs/runtimes.md)` → `` `docs/runtimes.md` ``,
 * `[the guide](docs/runtimes.md#a)` → ``the guide (`docs/runtimes.md#a`)``); a relative image (a screenshot) is left out. Links
 * to web addresses and to headings of the README itself stay.
 */
export function packedReadme(text) {
  const relative = (target) => !/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(target);
  return text
    .replace(/\[!\[[^\]]*\]\(([^)\s]+)\)\]\([^)\s]+\)[ \t]*\n?/g, (image, target) => (relative(target) ? '' : image))
    .replace(/^[ \t]*!\[[^\]]*\]\(([^)\s]+)\)[ \t]*\n/gm, (line, target) => (relative(target) ? '' : line))
    .replace(/!\[[^\]]*\]\(([^)\s]+)\)/g, (image, target) => (relative(target) ? '' : image))
    .replace(/(?<!!)\[([^\]]+)\]\(([^)\s]+)\)/g, (link, label, target) => {
      if (!relative(target)) return link;
      return label === target || label === `\`${target}\`` || label === target.replace(/#.*$/, '')
        ? `\`${target}\``
        : `${label} (\`${target}\`)`;
    });
}

/** `copy` or `remove`, run from a package folder. */
function main() {
  if (path.resolve(process.cwd()) === root) {
    console.error('readme-for-pack: run it from a package folder, not the repository root');
    process.exit(1);
  }
  if (action === 'copy') {
    writeFileSync(target, packedReadme(readFileSync(source, 'utf8')));
  } else if (action === 'remove') {
    // Only our own copy: a package that gets a README of its own keeps it.
    if (existsSync(target) && readFileSync(target, 'utf8') === packedReadme(readFileSync(source, 'utf8')))
      rmSync(target);
  } else {
    console.error('usage: node scripts/readme-for-pack.mjs copy|remove');
    process.exit(1);
  }
}

// run as a script (npm's prepack/postpack), not when imported by the packaging test
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
