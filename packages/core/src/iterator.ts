import { ZenError } from './errors.js';
import type { Unsubscribe } from './events.js';
import { checkKeys } from './strict.js';

/** Options of `client.messages()`. */
export interface MessageStreamOptions {
  /** Messages buffered for a slow consumer before the stream fails with `overflow` (default 10000). */
  bufferSize?: number;
  /** Ends the stream when aborted. */
  signal?: AbortSignal;
}

/** The events a stream needs from the client. */
export interface StreamSource {
  onMessage(push: (message: unknown) => void): Unsubscribe;
  onEnd(end: () => void): Unsubscribe;
  /** Told at once when the stream overflows (the client emits it on `error`). */
  onOverflow?(error: ZenError): void;
  readonly ended: boolean;
}

/**
 * An async iterator over inbound messages (decoded JSON, raw text, or `Uint8Array` for binary). It ends when
 * the client closes or `signal` aborts; a consumer that falls `bufferSize` messages behind gets an `overflow`
 * error rather than silently lost messages.
 */
export function messageStream(
  source: StreamSource,
  options: MessageStreamOptions = {},
): AsyncIterableIterator<unknown> {
  checkKeys('messages', options, ['bufferSize', 'signal']);
  const limit = options.bufferSize ?? 10000;
  if (!Number.isInteger(limit) || limit <= 0)
    throw new RangeError('messages({ bufferSize }) must be a whole number > 0');
  let queue: unknown[] = [];
  let head = 0;
  let failure: ZenError | undefined;
  let done = source.ended;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const finish = () => {
    done = true;
    offMessage();
    offEnd();
    options.signal?.removeEventListener('abort', finish);
    notify();
  };
  const offMessage = source.onMessage((message) => {
    if (done) return;
    if (queue.length - head >= limit) {
      failure = new ZenError('overflow', `messages(): consumer fell ${limit} messages behind`);
      finish();
      return source.onOverflow?.(failure);
    }
    queue.push(message);
    notify();
  });
  const offEnd = source.onEnd(finish);
  options.signal?.addEventListener('abort', finish, { once: true });
  if (done || options.signal?.aborted) finish();

  const next = async (): Promise<IteratorResult<unknown>> => {
    for (;;) {
      if (head < queue.length) {
        const value = queue[head++];
        if (head > 1024 && head * 2 > queue.length) {
          queue = queue.slice(head);
          head = 0;
        }
        return { value, done: false };
      }
      if (failure) {
        const f = failure;
        failure = undefined;
        throw f;
      }
      if (done) return { value: undefined, done: true };
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  };
  return {
    next,
    return: async () => {
      finish();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
