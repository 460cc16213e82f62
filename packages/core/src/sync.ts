import { AbortError, NotConnectedError, RequestError, RpcError, ZenError } from './errors.js';
import { sendTracked } from './outbound.js';
import type { JsonObject } from './protocol.js';
import type { Session } from './session.js';

// Subscription sync: the desired channels (subscriptions.ts) turned into subscribe/unsubscribe messages, after
// every reconnect too, and kept in step with the ones the user sends by hand.

/** `subscribe()`: adds `list` to the desired channels and waits until the server confirms them. */
export async function subscribe(s: Session, list: string[], timeout: number): Promise<string[]> {
  if (s.state === 'closed') throw new ZenError('closed', 'subscribe() on a closed client');
  const subs = s.subs;
  subs.add(list);
  if (s.state === 'disconnected') {
    throw new NotConnectedError(
      'disconnected',
      'Not connected (state: disconnected); the channels are kept and subscribed when reconnect() succeeds',
    );
  }
  const sent = s.state === 'connected';
  const confirmed = subs.waitFor(list, timeout, () =>
    sent
      ? new RequestError('request_timeout', `Subscription to ${list.join(', ')} not confirmed within ${timeout} ms`, {
          sent,
        })
      : new RequestError('request_timeout', `Not reconnected within ${timeout} ms; ${list.join(', ')} still pending`, {
          sent,
        }),
  );
  if (sent) sendSubscribe(s, list, false);
  await confirmed;
  return list;
}

/** `unsubscribe()`: removes `list` from the desired channels and tells the server when connected. */
export async function unsubscribe(s: Session, list: string[]): Promise<void> {
  s.channels?.remove(list, new AbortError('aborted', `Unsubscribed from ${list.join(', ')} before confirmation`));
  if (s.state !== 'connected') return;
  const id = s.pending.nextId();
  const message = s.o.protocol.unsubscribe(list, id);
  const reply = await sendTracked(s, id, message, JSON.stringify(message), s.o.requestTimeout);
  const settled = s.o.protocol.settle(reply);
  if (!settled.ok) throw settled.error;
}

/** After a (re)connect: every desired channel, in batches the dialect allows. */
export function restore(s: Session): void {
  const subs = s.channels;
  const channels = subs ? subs.list() : [];
  if (!s.o.restoreSubscriptions || channels.length === 0) return;
  s.o.telemetry.emit('subscription_manager.restore', { channelCount: channels.length, channels });
  s.log(`restoring ${channels.length} subscription(s)`);
  const size = s.o.protocol.restoreBatchSize;
  for (let i = 0; i < channels.length; i += size) sendSubscribe(s, channels.slice(i, i + size), true);
}

function sendSubscribe(s: Session, channels: readonly string[], restoring: boolean): void {
  const { protocol } = s.o;
  const id = s.pending.nextId();
  const message = protocol.subscribe(channels, id);
  sendTracked(s, id, message, JSON.stringify(message), s.o.requestTimeout).then(
    (reply) => {
      const settled = protocol.settle(reply);
      if (!settled.ok) return rejectChannels(s, channels, settled.error, restoring);
      const confirmed = protocol.confirmed(settled.value, channels);
      s.subs.confirm(confirmed);
      const refused = channels.filter((c) => !confirmed.includes(c));
      if (refused.length > 0)
        rejectChannels(s, refused, new RpcError(0, 'Channel not confirmed by the server', refused), restoring);
    },
    (error: ZenError) => {
      // Lost with the connection: the channels stay desired and are restored after the reconnect. A restore
      // that got no reply is reported (a user's own subscribe() reports through its promise).
      if (restoring && error.code === 'request_timeout') s.fail(error);
    },
  );
}

function rejectChannels(s: Session, channels: readonly string[], error: ZenError, restoring: boolean): void {
  s.subs.remove(channels, error);
  if (restoring) s.fail(error);
}

/** Keeps desired state in step with subscribe/unsubscribe messages the user sends by hand. */
export function trackOutbound(s: Session, message: JsonObject, reply: JsonObject | undefined): void {
  const { protocol } = s.o;
  const op = protocol.outboundSubscription(message);
  if (!op) return;
  const settled = reply !== undefined ? protocol.settle(reply) : undefined;
  if (settled && !settled.ok) return;
  const channels = settled ? protocol.confirmed(settled.value, op.channels) : op.channels;
  if (op.op === 'unsubscribe') return s.channels?.remove(channels, new AbortError('aborted', 'Unsubscribed'));
  s.subs.add(channels);
  s.subs.confirm(channels);
}
