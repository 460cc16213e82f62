/**
 * The live control messages of a stream connection (as Binance documents them): SUBSCRIBE, UNSUBSCRIBE,
 * LIST_SUBSCRIPTIONS, SET_PROPERTY, GET_PROPERTY, with Binance's replies and its error table, wrapped as
 * `{"error":{code,msg},"id":…}` (`id: null` when the request could not be read).
 */
import { parseStream } from './stream-names.js';

const METHODS = ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY'];

/** What a control message may change. */
export interface ControlState {
  readonly subscriptions: Set<string>;
  combined: boolean;
}

const fail = (code: number, msg: string, id: unknown = null): object => ({ error: { code, msg }, id });
const validId = (id: unknown): boolean =>
  id === null ||
  (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) ||
  (typeof id === 'string' && /^[A-Za-z0-9]{1,36}$/.test(id));

/**
 * Handles one text message; returns the reply.
 *
 * @example
 * handleControl('{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1}', state, 1024); // { result: null, id: 1 }
 */
export function handleControl(text: string, state: ControlState, maxStreams: number): object {
  let request: { method?: unknown; params?: unknown; id?: unknown };
  try {
    request = JSON.parse(text) as typeof request;
  } catch (error) {
    const at = /position (\d+)/.exec(String(error))?.[1];
    return fail(3, `Invalid JSON: expected value at line 1 column ${at === undefined ? text.length : Number(at) + 1}`);
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    return fail(2, 'Invalid request: expected a JSON object');
  }
  if (!('method' in request))
    return fail(2, `Invalid request: missing field \`method\` at line 1 column ${text.length}`);
  if (!METHODS.includes(request.method as string)) {
    const list = METHODS.map((m) => `\`${m}\``).join(', ');
    return fail(
      2,
      `Invalid request: unknown variant \`${String(request.method)}\`, expected one of ${list} at line 1 column 28`,
    );
  }
  if (!('id' in request) || !validId(request.id))
    return fail(2, 'Invalid request: request ID must be an unsigned integer');
  const { id } = request;
  const params = request.params === undefined ? [] : request.params;
  if (!Array.isArray(params)) return fail(2, 'Invalid request: invalid stream', id);
  switch (request.method) {
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE': {
      if (params.length === 0 || params.some((s) => !parseStream(s)))
        return fail(2, 'Invalid request: invalid stream', id);
      const streams = params as string[];
      if (request.method === 'UNSUBSCRIBE') {
        for (const s of streams) state.subscriptions.delete(s);
        return { result: null, id };
      }
      const added = streams.filter((s) => !state.subscriptions.has(s));
      if (state.subscriptions.size + added.length > maxStreams) {
        return fail(2, `Invalid request: too many streams (max ${maxStreams} per connection)`, id);
      }
      for (const s of added) state.subscriptions.add(s);
      return { result: null, id };
    }
    case 'LIST_SUBSCRIPTIONS':
      if (params.length > 0) return fail(2, 'Invalid request: too many parameters', id);
      return { result: [...state.subscriptions], id };
    case 'SET_PROPERTY': {
      const [name, value] = params;
      if (params.length > 2) return fail(2, 'Invalid request: too many parameters', id);
      if (typeof name !== 'string') return fail(2, 'Invalid request: property name must be a string', id);
      if (name !== 'combined') return fail(0, 'Unknown property', id);
      if (typeof value !== 'boolean') return fail(1, 'Invalid value type: expected Boolean', id);
      state.combined = value;
      return { result: null, id };
    }
    default: {
      const [name] = params;
      if (params.length > 1) return fail(2, 'Invalid request: too many parameters', id);
      if (typeof name !== 'string') return fail(2, 'Invalid request: property name must be a string', id);
      if (name !== 'combined') return fail(0, 'Unknown property', id);
      return { result: state.combined, id };
    }
  }
}
