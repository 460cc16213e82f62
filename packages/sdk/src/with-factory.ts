import {
  type Client,
  type ConnectOptions,
  connect as coreConnect,
  type LifecycleSource,
  type SocketFactory,
  type UrlSource,
} from '@zen-websocket/core';

/** `connect` with this runtime's defaults for `socketFactory` and `lifecycle` (the user's own still win). */
export function connectWith(factory: SocketFactory, lifecycle?: LifecycleSource) {
  return (url: UrlSource, options: ConnectOptions<Client> = {}): Promise<Client> => {
    const defaults: ConnectOptions<Client> = { socketFactory: options.socketFactory ?? factory };
    const life = options.lifecycle ?? lifecycle;
    if (life) defaults.lifecycle = life;
    return coreConnect(url, { ...options, ...defaults });
  };
}
