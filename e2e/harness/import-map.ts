// Static check for e2e/pages/esm.html: walks the module graph the browser will load from the page's import
// map (relative imports and bare specifiers alike) and lists every bare specifier the map does not cover,
// and every mapped file that does not exist. A browser only says "Failed to resolve module specifier";
// this says which one, e.g. when a package gains a dependency.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './servers.js';

// `import`/`export` statements only: not an object property named `export:` nor a call `import(`.
const STATEMENT = /^\s*(?:import|export)\b(?!\s*[:(])[^;'"]*?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

export function readImportMap(htmlFile: string): Record<string, string> {
  const html = readFileSync(htmlFile, 'utf8');
  const json = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!json) throw new Error(`${htmlFile} has no import map`);
  return (JSON.parse(json) as { imports: Record<string, string> }).imports;
}

/** Follows the graph from `entries` (bare specifiers); returns what the import map fails to resolve. */
export function checkImportMap(imports: Record<string, string>, entries: string[]) {
  const unmapped = new Set<string>();
  const missingFiles = new Set<string>();
  const visited = new Set<string>();
  const map = (specifier: string): string | undefined => {
    if (imports[specifier]) return imports[specifier];
    const prefix = Object.keys(imports)
      .filter((k) => k.endsWith('/') && specifier.startsWith(k))
      .sort((a, b) => b.length - a.length)[0];
    return prefix ? `${imports[prefix]}${specifier.slice(prefix.length)}` : undefined;
  };
  const visit = (file: string) => {
    if (visited.has(file)) return;
    visited.add(file);
    if (!existsSync(file)) return void missingFiles.add(path.relative(root, file));
    const code = readFileSync(file, 'utf8');
    for (const [, specifier = ''] of [...code.matchAll(STATEMENT), ...code.matchAll(DYNAMIC)]) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        visit(specifier.startsWith('/') ? path.join(root, specifier) : path.resolve(path.dirname(file), specifier));
        continue;
      }
      const url = map(specifier);
      if (url) visit(path.join(root, url));
      else unmapped.add(specifier);
    }
  };
  for (const entry of entries) {
    const url = map(entry);
    if (url) visit(path.join(root, url));
    else unmapped.add(entry);
  }
  return {
    unmapped: [...unmapped],
    missingFiles: [...missingFiles],
    visited: [...visited].map((f) => path.relative(root, f)),
  };
}
