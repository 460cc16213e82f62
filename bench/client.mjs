// One benchmark trial in a fresh process, so no implementation inherits another's JIT state or heap:
//   node|deno|bun bench/client.mjs '{"scenario":"inbound","impl":"sdk","runtime":"node","url":"ws://…",…}'
// Prints the trial's result as one JSON line on stdout and exits.
import process from 'node:process';
import { loadImpl } from './lib/impls.mjs';
import { trials } from './lib/trials.mjs';

const spec = JSON.parse(process.argv[2] ?? '{}');
const trial = trials[spec.scenario];
if (!trial) throw new TypeError(`unknown scenario "${spec.scenario}"`);
const impl = await loadImpl(spec.impl, spec.runtime);
const result = await trial(impl, spec);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
