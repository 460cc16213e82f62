import { type Client, type ConnectOptions, connect as coreConnect, type SocketFactory } from '@zen-websocket/core';

/** `connect` with `socketFactory` defaulting to `factory` (a user-supplied one still wins). */
export function connectWith(factory: SocketFactory) {
  return (url: string | URL, options: ConnectOptions<Client> = {}): Promise<Client> =>
    coreConnect(url, { ...options, socketFactory: options.socketFactory ?? factory });
}
