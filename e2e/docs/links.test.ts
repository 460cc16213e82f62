// Every relative link in README.md, docs/**/*.md and packages/*/README.md points to a file of the repository
// (and to a heading of it, for `#anchor` links into markdown), and no doc or source comment cites a
// markdown file that is not in the repository (such as design notes that stayed outside it).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { docFiles, root } from './markdown.js';

const files = docFiles();

/** Markdown text without its fenced code blocks (headings there are code, not headings). */
function withoutFences(text: string): string {
  return text.replace(/^ {0,3}(`{3,}|~{3,})[\s\S]*?^ {0,3}\1[ \t]*$/gm, '');
}

/** Markdown text without fenced code blocks and inline code (links there are code, not links). */
function prose(text: string): string {
  return withoutFences(text).replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[`*_[\]()]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const m of withoutFences(readFileSync(file, 'utf8')).matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm)) {
    const base = slug(m[1] ?? '');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of readFileSync(file, 'utf8').matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) result.add(m[1] ?? '');
  return result;
}

/** Relative link targets of a markdown file: `[text](target)`, `[id]: target`, `<img src>` / `<a href>`. */
function links(text: string): string[] {
  const body = prose(text);
  const found = [
    ...[...body.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? ''),
    ...[...body.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1] ?? ''),
    ...[...body.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1] ?? ''),
  ];
  return found.filter((t) => t && !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

describe('relative links', () => {
  for (const file of files) {
    it(`${file}: every relative link resolves`, () => {
      const absolute = path.join(root, file);
      const broken: string[] = [];
      for (const target of links(readFileSync(absolute, 'utf8'))) {
        const [pathPart = '', anchor] = target.split('#');
        const resolved = pathPart ? path.resolve(path.dirname(absolute), decodeURI(pathPart)) : absolute;
        if (!resolved.startsWith(root) || !existsSync(resolved)) {
          broken.push(`${target}: no such file in the repository`);
        } else if (
          anchor &&
          resolved.endsWith('.md') &&
          statSync(resolved).isFile() &&
          !anchors(resolved).has(anchor)
        ) {
          broken.push(`${target}: ${path.relative(root, resolved)} has no heading #${anchor}`);
        }
      }
      if (broken.length > 0) throw new Error(`${file} has broken links:\n${broken.join('\n')}`);
    });
  }
});

/** Source files of the packages (src, bin, test), scripts/ and examples/, relative to the root. */
function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(path.join(root, dir))) return;
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(rel);
      } else if (/\.(m|c)?[jt]s$/.test(entry.name)) out.push(rel);
    }
  };
  for (const pkg of readdirSync(path.join(root, 'packages'))) {
    for (const sub of ['src', 'bin', 'test']) walk(`packages/${pkg}/${sub}`);
  }
  walk('scripts');
  walk('examples');
  return out;
}

/** Every `.md` file name in the repository (outside node_modules). */
function markdownNames(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.md')) {
        names.add(entry.name);
        names.add(path.relative(root, full));
      }
    }
  };
  walk(root);
  return names;
}

it('no doc or source comment cites a markdown file that is not in the repository', () => {
  const known = markdownNames();
  const missing: string[] = [];
  for (const file of [...files, ...sourceFiles()]) {
    const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const m of line.matchAll(/(?<![\w/.-])((?:[\w.-]+\/)*[\w.-]+\.md)\b/g)) {
        const cited = m[1] ?? '';
        const relative = path.relative(root, path.resolve(path.dirname(path.join(root, file)), cited));
        if (!known.has(cited) && !known.has(relative) && !known.has(path.basename(cited))) {
          missing.push(`${file}:${i + 1}: ${cited}`);
        }
      }
    });
  }
  if (missing.length > 0) {
    throw new Error(`these cite markdown files that are not in the repository:\n${missing.join('\n')}`);
  }
});
