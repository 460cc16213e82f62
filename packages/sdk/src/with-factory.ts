import {
  type Client,
  type ConnectOptions,
  connect as coreConnect,
  type SocketFactory,
  type UrlSource,
} from '@zen-websocket/core';

/** `connect` with `socketFactory` defaulting to `factory` (a user-supplied one still wins). */
export function connectWith(factory: SocketFactory) {
  return (url: UrlSource, options: ConnectOptions<Client> = {}): Promise<Client> =>
    coreConnect(url, { ...options, socketFactory: options.socketFactory ?? factory });
}
