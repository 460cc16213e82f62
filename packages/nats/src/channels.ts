/** The shared channel set (KV `zen_channels`, key `<venue>`): who wants which channel. */
import { type KV, type KvEntry, KvWatchInclude } from '@nats-io/kv';
import type { Msg } from '@nats-io/nats-core';
import { ZenError } from '@zen-websocket/core';
import type { ChannelSet } from './gateway-types.js';
import { errorBody } from './rpc.js';
import { decodeJson, encodeJson } from './shared.js';
import { encodeChannel } from './subjects.js';

/** Reads a KV entry as JSON (undefined for a deleted key or bad JSON). */
export function readValue<T>(entry: KvEntry | null): T | undefined {
  if (entry?.operation !== 'PUT') return undefined;
  return decodeJson(entry.value) as T | undefined;
}

/** Adds/removes `holder` for channels in the shared set (compare-and-swap, retried on conflict). */
export async function changeChannels(
  kv: KV,
  venue: string,
  add: readonly string[],
  remove: readonly string[],
  holder: string,
): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const entry = await kv.get(venue);
    const set: ChannelSet = readValue<ChannelSet>(entry) ?? { channels: {} };
    const channels = { ...set.channels };
    for (const c of add) channels[c] = [...new Set([...(channels[c] ?? []), holder])];
    for (const c of remove) {
      const left = (channels[c] ?? []).filter((h) => h !== holder);
      if (left.length > 0) channels[c] = left;
      else delete channels[c];
    }
    const body = encodeJson({ channels } satisfies ChannelSet);
    try {
      if (entry && entry.operation === 'PUT') await kv.update(venue, body, entry.revision);
      else await kv.create(venue, body);
      return;
    } catch {
      // changed meanwhile: read again
    }
  }
  throw new ZenError('overflow', `the channel set of ${venue} kept changing; gave up after 50 attempts`);
}

/**
 * Answers `zen.<venue>.ctl.subscribe|unsubscribe` (`{ channels, holder }`): records the demand in the shared set,
 * then `apply()` (the owner subscribes at the venue; standbys answer `active: false`, the owner picks the change
 * up from its KV watch).
 */
export async function answerControl(
  verb: 'subscribe' | 'unsubscribe',
  msg: Msg,
  kv: KV,
  venue: string,
  apply: () => Promise<boolean>,
): Promise<void> {
  const body = decodeJson(msg.data) as { channels?: unknown; holder?: unknown } | undefined;
  const channels = body?.channels;
  const holder = typeof body?.holder === 'string' ? body.holder : '*';
  try {
    if (!Array.isArray(channels) || channels.some((c) => typeof c !== 'string'))
      throw new TypeError('channels must be an array of strings');
    for (const c of channels) encodeChannel(c);
    await changeChannels(
      kv,
      venue,
      verb === 'subscribe' ? channels : [],
      verb === 'unsubscribe' ? channels : [],
      holder,
    );
    const active = await apply();
    msg.respond(encodeJson({ result: { channels, active } }));
  } catch (error) {
    msg.respond(encodeJson({ error: errorBody(error) }));
  }
}

/** Calls `onChange` on every later update of `key` in `kv`; returns the watch (its `stop()` ends it). */
export async function watchKey(kv: KV, key: string, onChange: () => void): Promise<{ stop(): void }> {
  const iterator = await kv.watch({ key, include: KvWatchInclude.UpdatesOnly });
  void (async () => {
    try {
      for await (const _entry of iterator) onChange();
    } catch {
      // stopped, or the connection closed
    }
  })();
  return iterator;
}
