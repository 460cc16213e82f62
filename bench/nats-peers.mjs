// The processes of bench/nats.mjs. `node bench/nats-peers.mjs gateway <config json>`: one @zen-websocket/nats
// gateway owning a Binance stream connection. `node bench/nats-peers.mjs consumers <config json>`: N readers in
// one process, each either a direct Binance stream client (`mode: 'direct'`) or `connectVia` on its own NATS
// connection (`mode: 'nats'`). Readers report their message counts and CPU to the parent every 200 ms.
import { connect } from '@nats-io/transport-node';
import { createBinanceStreams } from '@zen-websocket/binance';
import { connectVia, startGateway } from '@zen-websocket/nats';
import { nodeSocketFactory } from 'zen-websocket';

const [role, json] = process.argv.slice(2);
const config = JSON.parse(json);
const closers = [];
let timer;
process.on('disconnect', async () => {
  clearInterval(timer);
  for (const close of closers.reverse()) await close().catch(() => {});
  process.exit(0);
});

if (role === 'gateway') {
  const nats = await connect({ servers: config.natsUrl, name: 'bench-gateway' });
  const gateway = await startGateway({
    nats,
    venue: 'binance',
    name: 'bench-gateway',
    channels: config.streams,
    connect: () => createBinanceStreams({ baseUrl: config.streamUrl, socketFactory: nodeSocketFactory }),
  });
  closers.push(
    () => nats.close(),
    () => gateway.close(),
  );
  process.send({ type: 'ready', role: gateway.role() });
} else {
  const counts = new Array(config.consumers).fill(0);
  for (let i = 0; i < config.consumers; i++) {
    if (config.mode === 'direct') {
      const streams = await createBinanceStreams({ baseUrl: config.streamUrl, socketFactory: nodeSocketFactory });
      closers.push(() => streams.close());
      await streams.subscribe(config.streams, () => counts[i]++);
    } else {
      const nats = await connect({ servers: config.natsUrl, name: `bench-consumer-${i}` });
      const via = await connectVia(nats, 'binance');
      closers.push(
        () => nats.close(),
        () => via.close(),
      );
      await via.subscribe(config.streams, () => counts[i]++);
    }
  }
  process.send({ type: 'ready' });
  timer = setInterval(() => {
    const cpu = process.cpuUsage();
    if (process.connected)
      process.send({ type: 'counts', counts, cpuUs: cpu.user + cpu.system, at: performance.now() }, () => {});
  }, 200);
}
