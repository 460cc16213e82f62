/**
 * `public/…` and `private/…` `subscribe`, `unsubscribe` and `unsubscribe_all`. Subscribe answers with the
 * channels actually subscribed (unknown names, and private channels through `public/subscribe`, are left out
 * silently); `.raw` public channels need an authenticated connection (13778). A new `book.*` subscription gets
 * its snapshot right after the reply.
 */
import { needsAuth, parseChannel } from './channels.js';
import type { Method } from './context.js';
import { strings } from './params.js';
import { DeribitFault } from './rpc-error.js';

const subscribe =
  (scope: 'public' | 'private'): Method =>
  ({ sim, session, params, after }) => {
    const authed = sim.auth.valid(session.token, session.id);
    const accepted: string[] = [];
    for (const channel of strings(params, 'channels')) {
      const spec = parseChannel(channel, sim.market.instruments);
      const need = needsAuth(channel);
      if (!spec || (need === 'private' && scope === 'public')) continue;
      if (need === 'raw' && !authed) throw new DeribitFault(13778, { channel });
      const fresh = !session.subs.has(channel);
      session.subs.set(channel, spec);
      accepted.push(channel);
      const inst = spec.type === 'book' ? sim.market.instruments.get(spec.instrument) : undefined;
      if (fresh && inst) after(() => sim.publisher.snapshot(session, channel, inst));
    }
    return accepted;
  };

const unsubscribe =
  (scope: 'public' | 'private'): Method =>
  ({ session, params }) =>
    strings(params, 'channels').filter(
      (c) => (scope === 'private' || needsAuth(c) !== 'private') && session.subs.delete(c),
    );

const unsubscribeAll: Method = ({ session }) => {
  session.subs.clear();
  return 'ok';
};

export const SUBSCRIBE_METHODS: Readonly<Record<string, Method>> = {
  'public/subscribe': subscribe('public'),
  'private/subscribe': subscribe('private'),
  'public/unsubscribe': unsubscribe('public'),
  'private/unsubscribe': unsubscribe('private'),
  'public/unsubscribe_all': unsubscribeAll,
  'private/unsubscribe_all': unsubscribeAll,
};
