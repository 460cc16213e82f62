import { Telemetry } from '@zen-websocket/core';

/**
 * Telemetry events of the NATS package, on their own bus ({@link natsTelemetry}, or the `telemetry` option of
 * `startGateway` / `connectVia`), named like core's (`area.event`, camelCase fields).
 */
export type NatsTelemetryEvents = {
  /** A venue's lease changed hands (seen by the gateway named `gateway`). `owner` is undefined when released. */
  'nats.lease': {
    venue: string;
    gateway: string;
    owner: string | undefined;
    previous: string | undefined;
    reason: string;
  };
  /** A consumer that fell behind (reconnect, partition) caught up from its last stream sequence. */
  'nats.replay': { venue: string; channel: string; from: number; to: number; count: number };
  /** One consumer-lag sample: messages still pending in the stream and the age of the one just delivered. */
  'nats.lag': { venue: string; channel: string; pending: number; ageMs: number };
  /** A gateway could not publish a message into the stream (the NATS connection is down or JetStream refused). */
  'nats.publish_failed': { venue: string; channel: string; reason: string };
};

/**
 * The shared bus every gateway and `connectVia` client reports to unless given its own.
 *
 * @example
 * natsTelemetry.on('nats.lease', ({ venue, owner, previous }) => console.log(venue, previous, '→', owner));
 */
export const natsTelemetry: Telemetry<NatsTelemetryEvents> = new Telemetry<NatsTelemetryEvents>();
