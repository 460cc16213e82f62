/** `zen-websocket replay <file>` (printed or served) and `zen-websocket meta <file>`. */
import { metadata, type RecordEntry, replay } from '@zen-websocket/recorder';
import { fromFile } from '@zen-websocket/recorder/fs';
import { numberOption, paceOption, UsageError, type Values } from './args.js';
import type { Output } from './output.js';

/** One entry as a line: time, direction, type, data (a close as its code and reason, binary as its size). */
function describe(entry: RecordEntry): string {
  const data =
    typeof entry.data !== 'string'
      ? `<${entry.data.length} bytes>`
      : entry.type === 'close'
        ? `${entry.code ?? ''} ${entry.data}`
        : entry.data;
  return `${new Date(entry.ts).toISOString()}  ${entry.dir.padEnd(3)}  ${entry.type.padEnd(6)}  ${data}`;
}

/**
 * Prints each entry of `file` at the chosen pace, then how many were replayed and skipped.
 *
 * @example
 * await printReplay('session.jsonl', args.values, output);
 */
export async function printReplay(file: string, values: Values, out: Output): Promise<void> {
  const { replayed, skipped } = await replay(fromFile(file), (entry) => out.print(describe(entry)), {
    pace: paceOption(values.pace),
  });
  out.status(`replayed ${replayed} entries, skipped ${skipped} corrupt lines`);
}

/**
 * Serves `file` with `startReplayServer` (from the optional peer `@zen-websocket/testing`) until Ctrl-C or
 * SIGTERM.
 *
 * @example
 * await serveReplay('session.jsonl', args.values, output);
 */
export async function serveReplay(file: string, values: Values, out: Output): Promise<void> {
  const pace = paceOption(values.pace);
  const port = numberOption(values.port, '--port');
  let testing: typeof import('@zen-websocket/testing');
  try {
    testing = await import('@zen-websocket/testing');
  } catch {
    throw new UsageError('replay --serve needs @zen-websocket/testing: npm install --save-dev @zen-websocket/testing');
  }
  const server = await testing.startReplayServer(fromFile(file), {
    pace,
    port,
    waitForRequests: values['wait-for-requests'],
  });
  out.print(`serving ${file} at ${server.url} (${server.sessions} sessions, ${server.skipped} corrupt lines)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.stop();
  out.done(`served ${server.played} frames to ${server.connectionCount} connections`);
}

/**
 * Prints the metadata of `file` as one line of JSON, timestamps as ISO strings.
 *
 * @example
 * await printMeta('session.jsonl', output); // {"count":12,"inbound":9,…}
 */
export async function printMeta(file: string, out: Output): Promise<void> {
  const m = await metadata(fromFile(file));
  const iso = (ts: number | undefined) => (ts === undefined ? null : new Date(ts).toISOString());
  out.print(JSON.stringify({ ...m, firstTs: iso(m.firstTs), lastTs: iso(m.lastTs) }));
}
