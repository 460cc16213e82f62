// Shared set-up: a real nats-server and real venue simulators on 127.0.0.1 (port 0), NATS connections over real
// sockets, everything closed in afterEach; waits are event-driven (no sleeps).

import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { createDeribitClient, type DeribitOptions } from '@zen-websocket/deribit';
import { type Gateway, type GatewayOptions, startGateway } from '@zen-websocket/nats';
import {
  type DeribitSimulator,
  type DeribitSimulatorOptions,
  type NatsServer,
  startDeribitSimulator,
  startNatsServer,
  wsSocketFactory,
} from '@zen-websocket/testing';
import { afterEach } from 'vitest';

const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** Runs `fn` after the test (last registered first). */
export function later(fn: () => Promise<unknown>): void {
  cleanups.push(fn);
}

export async function natsServer(): Promise<NatsServer> {
  const server = await startNatsServer({ websocket: false });
  later(() => server.stop());
  return server;
}

export async function natsConnection(server: NatsServer): Promise<NatsConnection> {
  const nc = await connect({ servers: server.url, reconnectTimeWait: 50 });
  later(() => nc.close());
  return nc;
}

/** A Deribit simulator with a manual market (advance it with `sim.tick()`). */
export async function deribitSim(options: DeribitSimulatorOptions = {}): Promise<DeribitSimulator> {
  const sim = await startDeribitSimulator({ feedIntervalMs: 0, ...options });
  later(() => sim.stop());
  return sim;
}

/** A gateway for the Deribit simulator on its own NATS connection. */
export async function deribitGateway(
  server: NatsServer,
  sim: DeribitSimulator,
  options: Partial<GatewayOptions> = {},
  client: DeribitOptions = {},
): Promise<Gateway> {
  const nats = await natsConnection(server);
  const gateway = await startGateway({
    nats,
    venue: 'deribit',
    leaseTtlMs: 1000,
    connect: () =>
      createDeribitClient({
        url: sim.url,
        socketFactory: wsSocketFactory,
        retryDelay: 5,
        maxBackoff: 20,
        ...sim.credentials,
        ...client,
      }),
    ...options,
  });
  later(() => gateway.close());
  return gateway;
}

/** Resolves once `check()` is true, re-checking whenever `subscribe`'s callback fires. */
export function when(subscribe: (fire: () => void) => () => void, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const off = subscribe(() => {
      if (!check()) return;
      off();
      resolve();
    });
  });
}

/** Resolves once `gateway` owns its venue. */
export function owned(gateway: Gateway): Promise<void> {
  return when(
    (fire) => gateway.on('lease', fire),
    () => gateway.role() === 'owner',
  );
}

/** Resolves once `gateway` owns its venue and serves it (venue connection open, requests answered). */
export function serving(gateway: Gateway): Promise<void> {
  return new Promise((resolve) => {
    if (gateway.role() === 'owner' && gateway.connection()) return resolve();
    const off = gateway.on('ready', () => {
      off();
      resolve();
    });
  });
}
