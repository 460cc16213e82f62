import type { SocketFactory } from '@zen-websocket/core';

/**
 * Wraps a venue client's factory so that options without `socketFactory` get `factory`, this runtime's
 * default socket; everything else (options, result, errors) is the venue package's own. Options that are not
 * an object go through unchanged, so the venue package reports them.
 *
 * @example
 * const createDeribitClient = withSocketFactory(scopedCreateDeribitClient, nodeSocketFactory);
 */
export function withSocketFactory<O extends { socketFactory?: SocketFactory | undefined }, R>(
  create: (options?: O) => R,
  factory: SocketFactory,
): (options?: O) => R {
  return (options?: O) => {
    if (options === undefined) return create({ socketFactory: factory } as O);
    if (options === null || typeof options !== 'object' || options.socketFactory !== undefined) return create(options);
    return create({ ...options, socketFactory: factory });
  };
}
