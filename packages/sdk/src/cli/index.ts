/**
 * The `zen-websocket` command (`npx zen-websocket record|replay|meta`), built to `dist/cli.js` and started by
 * `bin/zen-websocket.mjs`. Exit codes: 0 done, 1 failed (the reason on stderr), 2 usage error. Guide:
 * docs/recording.md.
 */
import { createRequire } from 'node:module';
import { explain } from 'zen-websocket';
import { parseCommandLine, USAGE, UsageError } from './args.js';
import { type Output, processOutput } from './output.js';
import { printMeta, printReplay, serveReplay } from './read.js';
import { record } from './record.js';

/** This package's version (`--version`). */
function version(): string {
  return (createRequire(import.meta.url)('zen-websocket/package.json') as { version: string }).version;
}

/**
 * Runs one command line; resolves with the exit code (it never throws).
 *
 * @example
 * process.exitCode = await main(['meta', 'session.jsonl']);
 */
export async function main(argv: string[]): Promise<number> {
  let out: Output = processOutput();
  try {
    const { command, target, values } = parseCommandLine(argv);
    out = processOutput({ debug: values.debug });
    if (values.help) return print(out, USAGE, 0);
    if (values.version) return print(out, version(), 0);
    if (command === undefined) throw new UsageError('a command is needed');
    if (!['record', 'replay', 'meta'].includes(command)) throw new UsageError(`unknown command "${command}"`);
    if (target === undefined) throw new UsageError(`${command}: expected exactly one argument`);
    if (command === 'record') await record(target, values, out);
    else if (command === 'meta') await printMeta(target, out);
    else if (values.serve) await serveReplay(target, values, out);
    else await printReplay(target, values, out);
    return 0;
  } catch (error) {
    return failure(error, out);
  }
}

function print(out: Output, text: string, code: number): number {
  out.print(text);
  return code;
}

/** The exit code for `error`, after saying why on stderr. */
function failure(error: unknown, out: Output): number {
  if (error instanceof UsageError) {
    process.stderr.write(`zen-websocket: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  const code = (error as { code?: unknown } | null)?.code;
  const own = code === 'connect_failed' || (typeof code === 'string' && /^E[A-Z]+$/.test(code));
  const message = own ? (error as Error).message : `${explain(error).message}\n${explain(error).suggestion}`;
  process.stderr.write(`zen-websocket: ${message}\n`);
  if (!own) out.debug((error as Error)?.stack ?? String(error));
  return 1;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
