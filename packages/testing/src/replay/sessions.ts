/**
 * A recording as the replay server plays it: its valid entries split into sessions, one per connection the
 * recorded client made. A close frame (either way) ends a session.
 */
import { type RecordEntry, replay, type Source } from '@zen-websocket/recorder';

/** The sessions of a recording, and how many corrupt lines were skipped. */
export interface Sessions {
  readonly sessions: ReadonlyArray<ReadonlyArray<RecordEntry>>;
  readonly skipped: number;
}

/**
 * Reads `source` to the end and splits it at close frames.
 *
 * @example
 * const { sessions } = await loadSessions(fromFile('session.jsonl'));
 */
export async function loadSessions(source: Source): Promise<Sessions> {
  const sessions: RecordEntry[][] = [[]];
  const { skipped } = await replay(source, (entry) => {
    sessions.at(-1)?.push(entry);
    if (entry.type === 'close') sessions.push([]);
  });
  if (sessions.length > 1 && sessions.at(-1)?.length === 0) sessions.pop();
  return { sessions, skipped };
}
