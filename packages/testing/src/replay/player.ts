/**
 * Plays one recorded session to one connection: inbound frames in order at the chosen pace; optionally,
 * before going on past a recorded outbound frame, waits until the client has sent a matching message. A
 * recorded inbound close ends the connection the same way (a close frame, or a dropped TCP connection for
 * codes a server cannot send, such as 1006).
 */
import type { RecordEntry } from '@zen-websocket/recorder';
import type { InboundMessage, MockConnection } from '../mock-server/types.js';
import { type IdMap, learnId, type ReplayMatcher, withLiveId } from './match.js';

export interface PlayerOptions {
  /** 0 = as fast as possible, 1 = recorded time, 2 = twice as fast… */
  readonly speed: number;
  /** Which recorded outbound frames to wait for. */
  readonly waitForRequests: boolean | ((recorded: RecordEntry) => boolean);
  readonly match: ReplayMatcher;
  /** Called after each inbound frame is sent. */
  readonly onSent: () => void;
}

/** A running playback. */
export interface Player {
  /** Hands the player a message the client sent. */
  receive(message: InboundMessage): void;
  /** Stops the playback (timers cleared, waits abandoned). */
  stop(): void;
  /** What the player is doing now, for error messages. */
  readonly status: string;
  /** Resolves when the session has been played to its end; never rejects. */
  readonly done: Promise<void>;
}

/** Messages kept while waiting for a match; older ones are dropped. */
const INBOX_LIMIT = 1000;

/**
 * Starts playing `session` to `connection`.
 *
 * @example
 * const player = play(connection, sessions[0], { speed: 0, waitForRequests: true, match: sameRequest, onSent() {} });
 */
export function play(connection: MockConnection, session: ReadonlyArray<RecordEntry>, options: PlayerOptions): Player {
  const inbox: InboundMessage[] = [];
  const ids: IdMap = new Map();
  let wake: (() => void) | undefined; // ends the wait for a request
  let rest: (() => void) | undefined; // ends a pause
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let status = 'starting';

  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      rest = resolve;
      timer = setTimeout(resolve, Math.max(0, ms));
    });

  /** Waits until the client has sent a message matching `entry`; consumes it. */
  const awaitRequest = async (entry: RecordEntry, index: number): Promise<void> => {
    status = `waiting for the client to send recorded frame #${index + 1}: ${preview(entry.data)}`;
    for (;;) {
      const at = inbox.findIndex((message) => safeMatch(options.match, entry, message));
      if (at !== -1) {
        wake = undefined;
        learnId(ids, entry.data, inbox.splice(at, 1)[0] as InboundMessage);
        return;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      if (stopped) return;
    }
  };

  const send = (entry: RecordEntry): void => {
    if (entry.type === 'close') {
      const reason = typeof entry.data === 'string' ? entry.data : '';
      try {
        void connection.close(entry.code ?? 1000, reason);
      } catch {
        void connection.terminate(); // 1005/1006/1015 and the like: what the client saw was a dropped connection
      }
      return;
    }
    connection.send(typeof entry.data === 'string' ? withLiveId(ids, entry.data) : entry.data);
    options.onSent();
  };

  const run = async (): Promise<void> => {
    let anchor: [number, number] | undefined; // [real ms, recorded ts] the pace is measured from
    for (const [index, entry] of session.entries()) {
      if (stopped || !connection.open) break;
      if (entry.dir === 'out') {
        if (entry.type === 'close') break; // the recorded client closed: nothing more came
        if (!waits(options.waitForRequests, entry)) continue;
        await awaitRequest(entry, index);
        anchor = [performance.now(), entry.ts];
        continue;
      }
      if (options.speed > 0) {
        anchor ??= [performance.now(), entry.ts];
        status = `pacing recorded frame #${index + 1}`;
        await pause(anchor[0] + (entry.ts - anchor[1]) / options.speed - performance.now());
        if (stopped || !connection.open) break;
      }
      send(entry);
      if (entry.type === 'close') break;
    }
    status = 'finished';
  };

  const done = run().catch((error: unknown) => {
    status = `stopped by an error: ${error instanceof Error ? error.message : String(error)}`;
  });
  return {
    receive(message) {
      inbox.push(message);
      if (inbox.length > INBOX_LIMIT) inbox.shift();
      wake?.();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      rest?.();
    },
    get status() {
      return status;
    },
    done,
  };
}

function waits(choice: PlayerOptions['waitForRequests'], entry: RecordEntry): boolean {
  return typeof choice === 'function' ? Boolean(choice(entry)) : choice;
}

function safeMatch(match: ReplayMatcher, entry: RecordEntry, message: InboundMessage): boolean {
  try {
    return Boolean(match(entry, message));
  } catch {
    return false;
  }
}

function preview(data: RecordEntry['data']): string {
  if (typeof data !== 'string') return `<${data.length} bytes>`;
  return data.length > 80 ? `${data.slice(0, 80)}…` : data;
}
