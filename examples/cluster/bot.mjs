// One bot process of the cluster demo: it reads Deribit through NATS with `connectVia`, the same calls as a
// direct Deribit client. It checks its book feed is continuous: every change's `prev_change_id` is the last
// `change_id` it saw, or the message is a fresh snapshot (after a new gateway took over).
// Started by examples/cluster/demo.mjs with `node bot.mjs <name> <nats url>`.
import { connect } from '@nats-io/transport-node';
import { connectVia } from '@zen-websocket/nats';

const [name, natsUrl] = process.argv.slice(2);
const tell = (type, fields = {}) => {
  if (process.connected) process.send({ type, name, ...fields, at: Date.now() });
};

const nats = await connect({ servers: natsUrl, name, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
const deribit = await connectVia(nats, 'deribit'); // instead of createDeribitClient({ url, … })

let count = 0;
let last;
let duplicates = 0;
let breaks = 0;
let snapshots = 0;
await deribit.subscribe('book.BTC-PERPETUAL.100ms', (book) => {
  count++;
  if (last !== undefined && book.change_id <= last) duplicates++;
  if (book.type === 'snapshot') snapshots++;
  else if (last !== undefined && book.prev_change_id !== last) breaks++;
  last = book.change_id;
});
const time = await deribit.request('public/get_time');
tell('ready', { serverTime: time });

const report = setInterval(() => tell('feed', { count, last, duplicates, breaks, snapshots }), 250);
process.on('disconnect', async () => {
  clearInterval(report);
  await deribit.close();
  await nats.close();
});
