/**
 * One inbound frame, start to finish: size limit (-32600), JSON (-32700), no batches or positional params,
 * credits (10028, then the session is closed), maintenance (11051), method lookup (-32601), authentication of
 * private methods (13009), the call, the reply with Deribit's envelope, and the event log.
 */
import { isSecretKey } from '@zen-websocket/recorder';
import type { RawData } from 'ws';
import type { CallContext, Method, SimContext } from './context.js';
import { MATCHING_ENGINE_METHODS } from './credits.js';
import { response } from './envelope.js';
import { PRIVATE_METHODS } from './methods-private.js';
import { PUBLIC_METHODS } from './methods-public.js';
import { SUBSCRIBE_METHODS } from './methods-subscribe.js';
import type { Params } from './params.js';
import { DeribitFault } from './rpc-error.js';
import type { Session } from './session.js';

const METHODS: Readonly<Record<string, Method>> = { ...PUBLIC_METHODS, ...SUBSCRIBE_METHODS, ...PRIVATE_METHODS };

/**
 * Handles one data frame from `session`.
 *
 * @example
 * ws.on('message', (data, isBinary) => handleFrame(sim, session, data, isBinary));
 */
export function handleFrame(sim: SimContext, session: Session, data: RawData, isBinary: boolean): void {
  if (sim.isStalled(session)) return sim.log({ type: 'ignored', connection: session.id });
  const usIn = sim.clock.us();
  const reply = (id: unknown, outcome: { result: unknown } | { error: DeribitFault }) =>
    session.send(response(sim.clock, sim.settings.testnet, id, usIn, outcome));
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  const text = bytes.toString('utf8');
  if (bytes.length > sim.settings.maxFrameBytes) return reply(idOf(text), { error: new DeribitFault(-32600) });
  let message: unknown;
  try {
    if (isBinary) throw new Error('binary');
    message = JSON.parse(text);
  } catch {
    return reply(null, { error: new DeribitFault(-32700) });
  }
  const bad = malformed(message);
  if (bad) return reply(bad.id, { error: bad.error });
  const request = message as { id?: unknown; method: string; params?: Params };
  const { method } = request;
  const params = request.params ?? {};
  const bucket = MATCHING_ENGINE_METHODS.has(method) ? session.matching : session.credits;
  if (!bucket.take(Date.now())) {
    reply(request.id ?? null, { error: new DeribitFault(10028) });
    sim.log({ type: 'rate_limited', connection: session.id, method });
    return sim.close(session, 1000, 'too_many_requests');
  }
  if (method === 'public/test') session.heartbeat.answered();
  const after: Array<() => void> = [];
  const logged = { type: 'request', connection: session.id, method, id: request.id, params: redact(params) } as const;
  const cut = method === 'private/buy' || method === 'private/sell' ? sim.faults.cutNextOrder : undefined;
  if (cut !== undefined) {
    sim.faults.cutNextOrder = undefined;
    if (cut) call(sim, session, method, params, after); // executed or resting, as its price says
    sim.log({ ...logged, dropped: true });
    return void session.ws.terminate();
  }
  const outcome = call(sim, session, method, params, after);
  if (sim.faults.dropBeforeReply.delete(method)) {
    sim.log({ ...logged, dropped: true });
    session.ws.terminate();
    return;
  }
  if ('id' in request) reply(request.id, outcome);
  sim.log('error' in outcome ? { ...logged, error: outcome.error.code } : logged);
  for (const fn of after) fn();
}

function call(
  sim: SimContext,
  session: Session,
  method: string,
  params: Params,
  after: Array<() => void>,
): { result: unknown } | { error: DeribitFault } {
  try {
    if (sim.faults.maintenance && method !== 'public/test') throw new DeribitFault(11051);
    const fn = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
    if (!fn) throw new DeribitFault(-32601, { method });
    const account = method.startsWith('private/') ? authenticated(sim, session, params) : '';
    const context: CallContext = { sim, session, params, account, after: (f) => after.push(f) };
    return { result: fn(context) };
  } catch (error) {
    if (error instanceof DeribitFault) return { error };
    return { error: new DeribitFault(11094, { reason: String(error) }, 'internal_server_error') };
  }
}

/** The account a private call runs as: the connection's token, or a valid `access_token` parameter. */
function authenticated(sim: SimContext, session: Session, params: Params): string {
  const given = typeof params.access_token === 'string' ? sim.auth.find(params.access_token) : session.token;
  if (!sim.auth.valid(given, session.id)) throw new DeribitFault(13009);
  return given.account.clientId;
}

/** Why a decoded frame is not a request Deribit accepts, if it is not. */
function malformed(message: unknown): { id: unknown; error: DeribitFault } | undefined {
  if (Array.isArray(message)) {
    return {
      id: null,
      error: new DeribitFault(-32600, { reason: 'batch requests are not supported' }, 'Invalid Request'),
    };
  }
  if (message === null || typeof message !== 'object') {
    return { id: null, error: new DeribitFault(-32600, { reason: 'expected an object' }, 'Invalid Request') };
  }
  const m = message as { id?: unknown; method?: unknown; params?: unknown };
  const id = m.id ?? null;
  if (typeof m.method !== 'string') {
    return { id, error: new DeribitFault(-32600, { reason: 'method is required' }, 'Invalid Request') };
  }
  if (Array.isArray(m.params)) {
    return { id, error: new DeribitFault(-32602, { reason: 'positional params are not supported' }) };
  }
  if (m.params !== undefined && (m.params === null || typeof m.params !== 'object')) {
    return { id, error: new DeribitFault(-32602, { reason: 'params must be an object' }) };
  }
  return undefined;
}

/** The id of an oversized request, when it can be read, so the client's request settles. */
function idOf(text: string): unknown {
  try {
    const parsed = JSON.parse(text) as { id?: unknown };
    return parsed?.id ?? null;
  } catch {
    return null;
  }
}

function redact(params: Params): Params {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = isSecretKey(k) ? '***' : v;
  return out;
}
