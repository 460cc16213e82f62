// `npm run demo:cluster`: a NATS cluster of one, two gateways and three bots against the local Deribit simulator,
// each gateway and bot its own process. Half-way the demo kills the gateway that owns the Deribit lease
// (SIGKILL, as a crash would); the standby takes the lease and the bots' feeds carry on. Exits 0 by itself.
// Needs the built packages (`npm run build`) and nats-server on the PATH (Debian: apt-get install nats-server).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDeribitSimulator, startNatsServer } from '@zen-websocket/testing';

const TTL = 2000;
const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const say = (line) => console.log(line);
const children = [];

function start(script, args, env = {}) {
  const child = fork(here(script), args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages = [];
  const waiters = new Set();
  child.on('message', (m) => {
    messages.push(m);
    for (const w of [...waiters]) w();
  });
  const proc = {
    name: args[0],
    child,
    messages,
    /** Resolves with the first message (past or future) matching `match`; rejects after `ms` or on exit. */
    next(match, ms, what) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const last = JSON.stringify(messages.at(-1));
          done(new Error(`${proc.name}: no ${what} within ${ms} ms (last message: ${last})`));
        }, ms);
        const check = () => {
          const found = messages.find(match);
          if (found) done(undefined, found);
        };
        const exit = () => done(new Error(`${proc.name} exited before ${what}`));
        const done = (error, value) => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off('exit', exit);
          if (error) reject(error);
          else resolve(value);
        };
        waiters.add(check);
        child.once('exit', exit);
        check();
      });
    },
  };
  children.push(proc);
  return proc;
}

const lastFeed = (bot) => bot.messages.filter((m) => m.type === 'feed').at(-1) ?? { count: 0 };

async function main() {
  const nats = await startNatsServer();
  const sim = await startDeribitSimulator({ feedIntervalMs: 50 });
  say(`nats-server   ${nats.url} (JetStream in ${nats.storeDir}; browsers: ${nats.wsUrl})`);
  say(`Deribit sim   ${sim.url}`);
  try {
    const credentials = {
      DERIBIT_CLIENT_ID: sim.credentials.clientId,
      DERIBIT_CLIENT_SECRET: sim.credentials.clientSecret,
    };
    const gw1 = start('gateway.mjs', ['gw-1', nats.url, sim.url, String(TTL)], credentials);
    await gw1.next((m) => m.type === 'ready' && m.role === 'owner', 15_000, 'the lease');
    say(`gw-1          owns the deribit lease (TTL ${TTL} ms), opened the one venue connection`);
    const gw2 = start('gateway.mjs', ['gw-2', nats.url, sim.url, String(TTL)], credentials);
    await gw2.next((m) => m.type === 'ready', 15_000, 'start');
    say('gw-2          standby: watches the lease, no venue connection');

    const bots = ['bot-1', 'bot-2', 'bot-3'].map((name) => start('bot.mjs', [name, nats.url]));
    for (const bot of bots) {
      const ready = await bot.next((m) => m.type === 'ready', 15_000, 'start');
      say(`${bot.name}         connectVia(nats, 'deribit'): public/get_time → ${ready.serverTime} (through gw-1)`);
    }
    await Promise.all(bots.map((b) => b.next((m) => m.type === 'feed' && m.count >= 10, 15_000, 'feed')));
    for (const bot of bots) {
      const f = lastFeed(bot);
      say(`${bot.name}         book.BTC-PERPETUAL.100ms: ${f.count} messages, change_id ${f.last}`);
    }
    say(`venue         ${sim.openConnections} open connection(s) for 2 gateways and 3 bots`);

    say('kill          gw-1 (SIGKILL), the owner, half-way');
    const before = bots.map((b) => lastFeed(b).count);
    const killedAt = Date.now();
    gw1.child.kill('SIGKILL');
    const moved = await gw2.next((m) => m.type === 'lease' && m.owner === 'gw-2', TTL * 5, 'lease');
    say(`lease         deribit: ${moved.previous ?? 'gw-1'} → gw-2 after ${moved.at - killedAt} ms (TTL ${TTL} ms)`);

    await Promise.all(
      bots.map((b, i) => b.next((m) => m.type === 'feed' && m.count >= (before[i] ?? 0) + 10, 20_000, 'feed')),
    );
    for (const bot of bots) {
      const f = lastFeed(bot);
      say(
        `${bot.name}         still flowing: ${f.count} messages, change_id ${f.last}; duplicates ${f.duplicates}, ` +
          `broken chains ${f.breaks}, snapshots ${f.snapshots}`,
      );
      if (f.duplicates !== 0 || f.breaks !== 0) throw new Error(`${bot.name}: the feed did not continue cleanly`);
    }
    say(`venue         ${sim.openConnections} open connection(s); ${sim.connectionCount} opened in all`);
  } finally {
    // Disconnecting the IPC channel asks each process to close and exit; one that has not after 10 s is killed.
    for (const { child } of children) if (child.connected) child.disconnect();
    const stuck = [];
    await Promise.all(
      children.map(({ name, child }) =>
        child.exitCode !== null || child.signalCode !== null
          ? undefined
          : new Promise((resolve) => {
              const timer = setTimeout(() => {
                stuck.push(name);
                child.kill('SIGKILL');
              }, 10_000);
              child.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
            }),
      ),
    );
    await Promise.all([nats.stop(), sim.stop()]);
    if (stuck.length > 0) {
      console.error(`demo:cluster: ${stuck.join(', ')} did not exit by itself after closing`);
      process.exitCode = 1;
    }
  }
  if (process.exitCode !== 1) say('done          every process exited, nats-server and the simulator stopped');
}

const guard = setTimeout(() => {
  console.error('demo:cluster: still running after 60 s; giving up');
  for (const { child } of children) child.kill('SIGKILL');
  process.exit(1);
}, 60_000);
guard.unref();

main().catch((error) => {
  console.error(`demo:cluster failed: ${error.stack ?? error}`);
  for (const { child } of children) child.kill('SIGKILL');
  process.exitCode = 1;
});
