/**
 * A bare JSON-RPC client over `ws` for simulator tests: keeps every inbound message, waits are event-driven.
 */
import WebSocket from 'ws';

// biome-ignore lint/suspicious/noExplicitAny: raw wire messages of every shape, read field by field in assertions
export type Json = Record<string, any>;

/** Opens a client on `url`; `sockets` collects it for the test's cleanup. */
export async function openRpc(url: string, sockets: WebSocket[]) {
  const ws = new WebSocket(url);
  sockets.push(ws);
  const inbox: Json[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    inbox.push(JSON.parse(String(data)) as Json);
    for (const w of [...waiters]) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const next = (match: (m: Json) => boolean, from = 0): Promise<Json> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = inbox.slice(from).find(match);
        if (!found) return;
        waiters.delete(check);
        resolve(found);
      };
      waiters.add(check);
      check();
      void closed.then(() => {
        if (waiters.delete(check)) reject(new Error('closed while waiting'));
      });
    });
  /** Sends a request (without `params` when none are given) and resolves with its reply. */
  const call = (method: string, params?: unknown): Promise<Json> => {
    const id = nextId++;
    ws.send(
      JSON.stringify(params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params }),
    );
    return next((m) => m.id === id);
  };
  // the payloads of one channel's notifications, as loosely typed as the wire (read field by field)
  const notes = (channel: string) => inbox.filter((m) => m.params?.channel === channel).map((m) => m.params.data);
  return { ws, inbox, next, call, closed, notes, send: (text: string) => ws.send(text) };
}
