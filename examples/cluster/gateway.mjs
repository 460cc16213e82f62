// One gateway process of the cluster demo: a NATS connection and `startGateway` for Deribit. It opens the venue
// connection only while it owns the `deribit` lease. Started by examples/cluster/demo.mjs with
// `node gateway.mjs <name> <nats url> <deribit url> <lease ttl ms>`; credentials in DERIBIT_CLIENT_ID/SECRET.
import { connect } from '@nats-io/transport-node';
import { createDeribitClient } from '@zen-websocket/deribit';
import { startGateway } from '@zen-websocket/nats';
import { nodeSocketFactory } from 'zen-websocket';

const [name, natsUrl, deribitUrl, ttl] = process.argv.slice(2);
const tell = (type, fields = {}) => {
  if (process.connected) process.send({ type, name, ...fields, at: Date.now() });
};

const nats = await connect({ servers: natsUrl, name, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
const gateway = await startGateway({
  nats,
  venue: 'deribit',
  name,
  leaseTtlMs: Number(ttl),
  connect: () =>
    createDeribitClient({
      url: deribitUrl,
      clientId: process.env.DERIBIT_CLIENT_ID,
      clientSecret: process.env.DERIBIT_CLIENT_SECRET,
      socketFactory: nodeSocketFactory,
    }),
});
gateway.on('lease', ({ owner, previous }) => tell('lease', { owner, previous, role: gateway.role() }));
gateway.on('error', (error) => tell('error', { message: error.message }));
tell('ready', { role: gateway.role() });

// The demo ends the process by disconnecting the IPC channel (or killing it, to show a failover).
process.on('disconnect', async () => {
  await gateway.close();
  await nats.close();
});
