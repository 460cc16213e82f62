// docs/errors.md must document every error code: adding a code without a row in its table fails here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/index.js';

const errorsDoc = fileURLToPath(new URL('../../../docs/errors.md', import.meta.url));
const lines = readFileSync(errorsDoc, 'utf8').split('\n');

/** Codes in the first column of the "Every error code" table. */
function documentedCodes(): string[] {
  const start = lines.findIndex((line) => line.startsWith('## Every error code'));
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('## '));
  const section = end === -1 ? rest : rest.slice(0, end);
  return section.flatMap((line) => {
    const code = /^\|\s*`([a-z_]+)`\s*\|/.exec(line)?.[1];
    return code === undefined ? [] : [code];
  });
}

describe('docs/errors.md', () => {
  it.each(ERROR_CODES)('has a table row for `%s`', (code) => {
    const row = lines.find((line) => new RegExp(`^\\|\\s*\`${code}\`\\s*\\|`).test(line));
    expect(row, `docs/errors.md needs a row starting with | \`${code}\` |`).toBeDefined();
  });

  it('documents each code once, and only codes that exist', () => {
    const documented = documentedCodes();
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...ERROR_CODES].sort());
  });
});
