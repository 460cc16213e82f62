import type { SocketFactory, SocketLike } from '@zen-websocket/core';
import WebSocket from 'ws';

/** Resolves with the first value `subscribe` reports (an event-driven wait, no sleeping). */
export function next<T>(subscribe: (found: (value: T) => void) => () => void): Promise<T> {
  return new Promise((resolve) => {
    const off = subscribe((value) => {
      off();
      resolve(value);
    });
  });
}

/** Collects values until `done(values)` is true. */
export function collect<T>(
  subscribe: (push: (value: T) => void) => () => void,
  done: (values: T[]) => boolean,
): Promise<T[]> {
  const values: T[] = [];
  return new Promise((resolve) => {
    const off = subscribe((value) => {
      values.push(value);
      if (done(values)) {
        off();
        resolve(values);
      }
    });
  });
}

/**
 * A browser-like socket: `ws` underneath (it still answers pings, as browsers do), but only the W3C surface is
 * visible, so ping frames cannot be seen or sent, as in a browser.
 */
export const browserLikeFactory: SocketFactory = Object.assign(
  (url: string): SocketLike => {
    const ws = new WebSocket(url);
    const socket = {
      get readyState() {
        return ws.readyState;
      },
      binaryType: 'arraybuffer',
      send: (data: string) => ws.send(data),
      close: (code?: number, reason?: string) => ws.close(code, reason),
      onopen: null as ((e: unknown) => void) | null,
      onmessage: null as ((e: { data: unknown }) => void) | null,
      onclose: null as ((e: { code?: number; reason?: string }) => void) | null,
      onerror: null as ((e: unknown) => void) | null,
    };
    ws.onopen = (e) => socket.onopen?.(e);
    ws.onmessage = (e) => socket.onmessage?.({ data: e.data });
    ws.onclose = (e) => socket.onclose?.({ code: e.code, reason: e.reason });
    ws.onerror = (e) => socket.onerror?.(e);
    return socket as SocketLike;
  },
  { capabilities: { ping: false, headers: false } },
);
