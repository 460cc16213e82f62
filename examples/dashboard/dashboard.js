// The zen-websocket trading dashboard: three venues (Deribit, Binance, Bybit) side by side, each with a live
// LocalBook ladder, trades, a price chart, the connection's health and the simulators' fault hooks. Plain DOM
// and canvas, no framework, no build step. The SDK comes in as an object (`fromScriptTag` for the script-tag
// build's `ZenWebsocket` global, `fromModule` for the self-contained ES module), so one page script serves
// both builds. serve.mjs provides config.json (simulator URLs, local keys) and the /fault/* endpoints. The
// venue clients live in venues.js, the chart in chart.js, shared formatting in format.js.
import { drawChart } from './chart.js';
import { $, amount, clockTime, esc, IDS, money, ms, VENUES } from './format.js';
import { starters } from './venues.js';

const LEVELS = 7; // ladder levels a side
const TAPE = 12; // trades shown
const CHART_SECONDS = 60;
const TIMELINE_MS = 120_000;
const PAINT_MS = 250;

/** The script-tag build: `ZenWebsocket` and its add-ons (`.limiter`, `.deribit`, `.binance`, `.bybit`, `.recorder`). */
export function fromScriptTag(Z) {
  return {
    build: 'script tag',
    createRateLimiter: Z.limiter?.createRateLimiter,
    createDeribitClient: Z.deribit?.createDeribitClient,
    deribitLimits: Z.deribit?.deribitLimits,
    createBinanceStreams: Z.binance?.createBinanceStreams,
    createBinanceApi: Z.binance?.createBinanceApi,
    createBybitClient: Z.bybit?.createBybitClient,
    bybitLimits: Z.bybit?.bybitLimits,
    indexedDbSink: Z.recorder?.indexedDbSink,
  };
}

/** The self-contained ES module `zen-websocket/browser` (dist/zen-websocket.browser.mjs). */
export function fromModule(M) {
  return {
    build: 'ES module',
    createRateLimiter: M.createRateLimiter,
    createDeribitClient: M.createDeribitClient,
    deribitLimits: M.deribitLimits,
    createBinanceStreams: M.createBinanceStreams,
    createBinanceApi: M.createBinanceApi,
    createBybitClient: M.createBybitClient,
    bybitLimits: M.bybitLimits,
    indexedDbSink: M.indexedDbSink,
  };
}

// ── the page skeleton ─────────────────────────────────────────────────────────────────────────────────
function skeleton(sdk) {
  const card = (id) => {
    const v = VENUES[id];
    return `
    <section class="card venue" data-venue="${id}" aria-label="${v.name} order book">
      <header class="card-head">
        <div><h2>${v.name}</h2><span class="muted">${v.instrument}</span></div>
        <div class="pills">
          <span class="pill" data-conn-state title="connection state">connecting</span>
          <span class="pill" data-book-state title="LocalBook state">syncing</span>
        </div>
      </header>
      <div class="quote">
        <span><span class="label">Mid</span> <b data-mid>—</b> <span class="unit">${v.price}</span></span>
        <span><span class="label">Book id</span> <b data-book-id>—</b></span>
      </div>
      <table class="ladder" aria-label="${v.name} ladder">
        <thead><tr><th>Price (${v.price})</th><th>Size (${v.size})</th><th>Total (${v.size})</th></tr></thead>
        <tbody data-asks></tbody>
        <tbody class="spread-row"><tr><td colspan="3"><span data-spread-line>spread —</span></td></tr></tbody>
        <tbody data-bids></tbody>
      </table>
      <footer class="faults" aria-label="${v.name} faults">
        <button data-fault="drop" data-venue="${id}" title="the simulator drops every connection (1006)">Drop</button>
        <button data-fault="stall" data-venue="${id}" title="half-open: the socket stays open but nothing moves">Stall</button>
        <button data-fault="resume" data-venue="${id}" title="end the stall">Resume</button>
        <button data-fault="gap" data-venue="${id}" title="the next book update skips an id">Gap</button>
        <button data-fault="reject" data-venue="${id}" title="drop, then refuse upgrades with HTTP 429 for a few seconds">429</button>
      </footer>
      <p class="unavailable" hidden></p>
    </section>`;
  };
  const metricRow = (key, label, title = '') =>
    `<tr><th scope="row" title="${title}">${label}</th>${IDS.map((id) => `<td data-metric="${key}" data-venue="${id}">—</td>`).join('')}</tr>`;
  return `
  <header class="topbar">
    <div class="brand"><span class="logo" aria-hidden="true">◆</span> zen-websocket <span class="muted">trading dashboard</span></div>
    <nav class="build" aria-label="build">
      <a href="./" ${sdk.build === 'script tag' ? 'aria-current="page"' : ''}>Script tag</a>
      <a href="esm.html" ${sdk.build === 'ES module' ? 'aria-current="page"' : ''}>ES module</a>
    </nav>
    <div class="recording" aria-label="recording">
      <label class="switch" title="restarts the Deribit client onto an IndexedDB sink: the recording starts at its login"><input type="checkbox" id="record" /> <span>Record Deribit to IndexedDB</span></label>
      <span class="muted" id="record-count">off</span>
      <button data-download="deribit" disabled title="the recording as JSONL, for npx zen-websocket replay">Download .jsonl</button>
    </div>
    <div class="muted" id="clock" aria-label="local time">—</div>
  </header>
  <div class="banner" id="banner" hidden></div>
  <main class="grid">
    ${IDS.map(card).join('')}
    <section class="card controls" aria-label="orders and venue faults">
      <h2>Place order <span class="muted">market</span></h2>
      <form id="order" autocomplete="off">
        <div class="row">
          <label>Venue <select name="venue">${IDS.map((id) => `<option value="${id}">${VENUES[id].name}</option>`).join('')}</select></label>
          <label>Side <select name="side"><option value="buy">Buy</option><option value="sell">Sell</option></select></label>
          <label><span>Quantity <span class="unit" id="qty-unit">(USD)</span></span><input name="qty" type="number" step="any" min="0" value="10" required /></label>
        </div>
        <div class="row">
          <label class="check" title="the simulator executes the order, then cuts the connection before replying"><input type="checkbox" name="cut" /> Cut the connection before the reply</label>
          <button type="submit" class="primary">Place</button>
        </div>
      </form>
      <ol class="outcomes" id="outcomes" aria-label="order outcomes"><li class="muted placeholder">Orders go to the simulators' matching engines: filled, rejected, or outcome unknown when the connection is cut before the reply.</li></ol>
      <h2>Binance faults</h2>
      <div class="row">
        <button data-skew="3000" title="move the Binance server clock 3 s ahead, then measure the offset">Server clock +3 s</button>
        <button data-skew="0" title="set the Binance server clock back and measure again">Clock 0 s</button>
        <button id="storm" title="20 subscribes back to back, then 20 unsubscribes at once; Binance closes with 1008 above 5 frames a second">1008 storm</button>
      </div>
      <p class="note" id="binance-note">Clock: moves the server clock, re-measures the offset. Storm: 20 subscribes back to back, 20 unsubscribes at once; above 5 frames/s Binance closes with 1008.</p>
    </section>
    <div class="bottom">
    <section class="card chart-card" aria-label="prices">
      <h2>Mid price <span class="muted">last ${CHART_SECONDS} s · dots: trades</span></h2>
      <canvas id="chart" aria-label="mid price chart"></canvas>
    </section>
    <section class="card tape-card" aria-label="trades">
      <h2>Trades</h2>
      <table class="tape">
        <thead><tr><th>Time</th><th>Venue</th><th>Price</th><th>Size</th></tr></thead>
        <tbody id="tape"></tbody>
      </table>
    </section>
    <section class="card conn-card" aria-label="connections">
      <h2>Connections <span class="muted">timeline: last 2 min</span></h2>
      <table class="metrics">
        <thead><tr><th></th>${IDS.map((id) => `<th>${VENUES[id].name}</th>`).join('')}</tr></thead>
        <tbody>
          ${metricRow('state', 'State')}
          ${metricRow('reconnects', 'Reconnects')}
          ${metricRow('heartbeat', 'Heartbeat', 'time since the last sign of life / the silence that declares the socket dead')}
          ${metricRow('rtt', 'RTT p50/p99', 'request round trips (heartbeats excluded), median and 99th percentile')}
          ${metricRow('offset', 'Clock offset')}
          ${metricRow('limiter', 'Limiter')}
        </tbody>
      </table>
      <div class="timelines" aria-label="state timeline, last 2 min">
        ${IDS.map((id) => `<div class="timeline-row"><span>${VENUES[id].name}</span><div class="timeline" data-timeline-bar="${id}"></div></div>`).join('')}
        <div class="timeline-legend"><span class="s-connected">up</span><span class="s-reconnecting">reconnecting</span><span class="s-connecting">connecting</span><span class="s-disconnected">down</span></div>
      </div>
      <ol class="events" id="events" aria-label="state changes"></ol>
    </section>
    </div>
  </main>`;
}

/** Resolves once `client` is connected (at once if it is); rejects if it is not within `ms`. */
function connected(client, ms = 20_000) {
  if (client.getState() === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const off = client.on('state', ({ to }) => {
      if (to !== 'connected') return;
      clearTimeout(timer);
      off();
      resolve();
    });
    const timer = setTimeout(() => {
      off();
      reject(new Error(`not connected after ${ms} ms (state: ${client.getState()})`));
    }, ms);
  });
}

// ── state kept by the page ────────────────────────────────────────────────────────────────────────────
function venueModel() {
  return {
    handle: undefined, // the running venue (clients, book)
    state: 'connecting',
    reconnects: 0,
    timeline: [{ t: Date.now(), state: 'connecting' }],
    mids: [], // { t, mid }
    trades: [], // { t, price }
    stallAt: undefined,
    recorded: 0,
  };
}

/**
 * Starts the dashboard: builds the page, connects to every venue in config.json, paints every 250 ms.
 * Resolves once every venue has started (or failed, visibly).
 */
export async function startDashboard(sdk) {
  document.body.innerHTML = skeleton(sdk);
  document.body.dataset.build = sdk.build;
  const config = await (await fetch('config.json')).json();
  const models = Object.fromEntries(IDS.map((id) => [id, venueModel()]));
  const tape = [];
  const events = [];
  const sinks = {};
  let recording = false;

  const banner = (text) => {
    const el = $('#banner');
    el.textContent = text;
    el.hidden = !text;
  };
  const logEvent = (id, text, kind = 'info') => {
    events.unshift({ t: Date.now(), id, text, kind });
    events.length = Math.min(events.length, 40);
    paintEvents();
  };
  const setState = (id, to, reason) => {
    const m = models[id];
    if (m.state === to) return;
    const from = m.state;
    m.state = to;
    m.timeline.push({ t: Date.now(), state: to });
    const card = $(`[data-venue="${id}"].venue`);
    card.dataset.transitions = m.timeline
      .slice(-30)
      .map((s) => s.state)
      .join(' ');
    if (to !== 'connected') card.dataset.lastDown = reason ?? '';
    if (to === 'connected' && (from === 'reconnecting' || from === 'connecting') && m.everConnected) m.reconnects++;
    if (to === 'connected') m.everConnected = true;
    if (from === 'connected' && m.stallAt !== undefined && to !== 'closed') {
      const took = Date.now() - m.stallAt;
      m.stallAt = undefined;
      card.dataset.stallDetectedMs = String(took);
      logEvent(
        id,
        `stall detected after ${(took / 1000).toFixed(1)} s (heartbeat window ${windowSeconds(id)} s): ${reason ?? ''}`,
        'warn',
      );
    }
    logEvent(id, `${from} → ${to}${reason ? `: ${reason}` : ''}`, to === 'connected' ? 'ok' : 'warn');
  };
  const windowSeconds = (id) =>
    id === 'deribit' ? 2 * config.deribit.heartbeatSeconds : (2 * config[id].heartbeatMs) / 1000;
  const addTrade = (id, t, side, price, size) => {
    tape.unshift({ id, t, side, price, size });
    tape.length = Math.min(tape.length, 60);
    const m = models[id];
    m.trades.push({ t: Date.now(), price });
  };

  /** A recording sink per venue, counting what it writes (the switch restarts the venues onto it). */
  const sinkFor = (id) => {
    if (!recording || !sdk.indexedDbSink) return undefined;
    const sink = sinks[id];
    return {
      record(entry) {
        models[id].recorded++;
        sink.record(entry);
      },
      flush: () => sink.flush(),
    };
  };

  const startVenue = async (id) => {
    const m = models[id];
    const card = $(`[data-venue="${id}"].venue`);
    try {
      m.handle = await starters[id]({ sdk, config, setState, logEvent, addTrade, sinkFor });
      const { book } = m.handle;
      let gaps = 0;
      book.on('gap', (g) => {
        gaps++;
        logEvent(
          id,
          `book gap (${g.reason}): expected ${g.expected ?? '?'}, got ${g.received ?? '?'} → resync`,
          'warn',
        );
        card.dataset.gaps = String(gaps);
      });
      book.on('state', ({ from, to, reason }) => {
        logEvent(id, `book ${from} → ${to}${reason ? `: ${reason}` : ''}`, to === 'synced' ? 'ok' : 'warn');
      });
      card.dataset.started = 'true';
      // Binance orders and the clock go over its API connection (the pill shows the streams'): its state too
      const api = m.handle.api?.client;
      if (api) {
        card.dataset.apiState = api.getState();
        api.on('state', ({ to }) => {
          card.dataset.apiState = to;
        });
      }
    } catch (error) {
      m.state = 'unavailable';
      m.timeline = [];
      $('[data-book-state]', card).hidden = true;
      card.classList.add('is-unavailable');
      const note = $('.unavailable', card);
      note.hidden = false;
      note.textContent = error.message;
      if (!error.unavailable) {
        console.error(`${VENUES[id].name}: ${error.message}`);
        banner(`${VENUES[id].name} did not start: ${error.message}`);
      }
      card.dataset.started = 'false';
    }
  };

  const restartVenue = async (id, why) => {
    const m = models[id];
    const old = m.handle;
    m.handle = undefined;
    await old?.close().catch(() => undefined);
    m.state = 'connecting';
    m.timeline.push({ t: Date.now(), state: 'connecting' });
    logEvent(id, `restarted: ${why}`);
    await startVenue(id);
  };

  // ── painting ────────────────────────────────────────────────────────────────────────────────────────
  const paintBook = (id) => {
    const m = models[id];
    const card = $(`[data-venue="${id}"].venue`);
    const connPill = $('[data-conn-state]', card);
    connPill.textContent = m.state;
    connPill.dataset.value = m.state;
    const book = m.handle?.book;
    if (!book) return;
    const bookPill = $('[data-book-state]', card);
    bookPill.textContent = `book ${book.state}`;
    bookPill.dataset.value = book.state;
    card.dataset.bookState = book.state;
    const asks = book.asks(LEVELS);
    const bids = book.bids(LEVELS);
    let total = 0;
    const askTotals = asks.map(([, s]) => (total += s));
    total = 0;
    const bidTotals = bids.map(([, s]) => (total += s));
    const max = Math.max(askTotals.at(-1) ?? 0, bidTotals.at(-1) ?? 0) || 1;
    const row = (side, [p, s], cum) =>
      `<tr data-side="${side}" data-price="${p}" data-size="${s}"><td class="px">${money(id, p)}</td><td>${amount(id, s)}</td><td class="cum"><span class="bar" style="width:${((100 * cum) / max).toFixed(1)}%"></span>${amount(id, cum)}</td></tr>`;
    $('[data-asks]', card).innerHTML = asks
      .map((level, i) => row('ask', level, askTotals[i]))
      .reverse()
      .join('');
    $('[data-bids]', card).innerHTML = bids.map((level, i) => row('bid', level, bidTotals[i])).join('');
    const bid = bids[0]?.[0];
    const ask = asks[0]?.[0];
    const spread = book.spread();
    const mid = bid !== undefined && ask !== undefined ? (bid + ask) / 2 : undefined;
    $('[data-mid]', card).textContent = mid === undefined ? '—' : money(id, mid);
    $('[data-book-id]', card).textContent = book.lastUpdateId >= 0 ? String(book.lastUpdateId) : '—';
    card.dataset.bookId = String(book.lastUpdateId);
    $('[data-spread-line]', card).textContent =
      spread === undefined
        ? 'spread —'
        : `spread ${money(id, spread)} ${VENUES[id].price} · ${((10_000 * spread) / mid).toFixed(2)} bp`;
    if (mid !== undefined && book.state === 'synced') {
      m.mids.push({ t: Date.now(), mid });
    }
  };

  const paintTape = () => {
    $('#tape').innerHTML = tape
      .slice(0, TAPE)
      .map(
        (t) =>
          `<tr data-venue="${t.id}" data-side="${t.side}"><td>${clockTime(t.t).slice(0, 10)}</td><td>${VENUES[t.id].name}</td><td class="px ${t.side}" title="${t.side}">${t.side === 'buy' ? '▲' : '▼'} ${money(t.id, t.price)} <span class="unit">${VENUES[t.id].price}</span></td><td>${amount(t.id, t.size)} <span class="unit">${VENUES[t.id].size}</span></td></tr>`,
      )
      .join('');
  };

  const setMetric = (key, id, text, level) => {
    const cell = $(`[data-metric="${key}"][data-venue="${id}"]`);
    cell.textContent = text;
    if (level) cell.dataset.level = level;
    else delete cell.dataset.level;
  };

  const paintMetrics = () => {
    for (const id of IDS) {
      const m = models[id];
      setMetric('state', id, m.state, m.state === 'connected' ? 'ok' : m.state === 'unavailable' ? undefined : 'warn');
      setMetric('reconnects', id, m.state === 'unavailable' ? '—' : String(m.reconnects));
      const x = m.handle?.metrics?.();
      if (!x) continue;
      const h = x.heartbeat;
      const age = h?.lastHeartbeatAt == null ? undefined : (performance.now() - h.lastHeartbeatAt) / 1000;
      const win = windowSeconds(id);
      setMetric(
        'heartbeat',
        id,
        age === undefined ? `— / ${win} s` : `${age.toFixed(1)} / ${win} s`,
        age === undefined || age > win / 2 ? 'warn' : 'ok',
      );
      const l = x.latency;
      setMetric('rtt', id, l ? `${ms(l.p50)} / ${ms(l.p99)} ms` : '—');
      setMetric('offset', id, x.offset === undefined ? 'n/a' : `${x.offset >= 0 ? '+' : ''}${x.offset.toFixed(1)} ms`);
      setMetric('limiter', id, x.limiter.text, x.limiter.level === 'low' ? 'ok' : 'warn');
    }
  };

  const paintTimelines = () => {
    const now = Date.now();
    for (const id of IDS) {
      const bar = $(`[data-timeline-bar="${id}"]`);
      const tl = models[id].timeline;
      const parts = [];
      for (let i = 0; i < tl.length; i++) {
        const end = tl[i + 1]?.t ?? now;
        if (end < now - TIMELINE_MS) continue;
        const start = Math.max(tl[i].t, now - TIMELINE_MS);
        const left = (100 * (start - (now - TIMELINE_MS))) / TIMELINE_MS;
        const width = Math.max(0.4, (100 * (end - start)) / TIMELINE_MS);
        parts.push(
          `<span class="s-${tl[i].state}" style="left:${left.toFixed(2)}%;width:${width.toFixed(2)}%" title="${tl[i].state}"></span>`,
        );
      }
      bar.innerHTML = parts.join('');
    }
  };

  const paintEvents = () => {
    $('#events').innerHTML = events
      .slice(0, 12)
      .map(
        (e) =>
          `<li class="${e.kind}" data-venue="${e.id}"><time>${clockTime(e.t)}</time> <b>${VENUES[e.id]?.name ?? ''}</b> ${esc(e.text)}</li>`,
      )
      .join('');
  };

  const canvas = $('#chart');
  const paintChart = () => drawChart(canvas, models, CHART_SECONDS);

  const paintRecording = () => {
    $('#record-count').textContent = recording ? `${models.deribit.recorded} frames` : 'off';
  };

  const paint = () => {
    $('#clock').textContent = new Date().toLocaleTimeString('en-GB', { hour12: false });
    for (const id of IDS) paintBook(id);
    paintTape();
    paintMetrics();
    paintTimelines();
    paintChart();
    paintRecording();
  };

  // ── controls ────────────────────────────────────────────────────────────────────────────────────────
  const post = async (pathname, body = {}) => {
    const res = await fetch(pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${pathname}: HTTP ${res.status} ${await res.text()}`);
  };

  document.addEventListener('click', async (event) => {
    const button = event.target.closest('button');
    if (!button || button.form) return;
    try {
      if (button.dataset.fault) {
        const { fault, venue } = button.dataset;
        if (fault === 'stall') models[venue].stallAt = Date.now();
        if (fault === 'resume') models[venue].stallAt = undefined;
        logEvent(venue, `fault: ${button.title}`, 'fault');
        await post(`fault/${venue}/${fault}`);
      } else if (button.dataset.skew !== undefined) {
        const ms = Number(button.dataset.skew);
        await post('fault/binance/skew', { ms });
        const api = models.binance.handle?.api;
        if (api) await connected(api.client); // a cut order leaves it reconnecting: a request then is refused
        const measured = await api?.syncTime();
        $('#binance-note').textContent =
          `server clock ${ms >= 0 ? '+' : ''}${ms} ms → measured offset ${measured?.toFixed(1)} ms`;
        $('#binance-note').dataset.offset = String(measured);
        logEvent('binance', `server clock moved ${ms} ms; measured offset ${measured?.toFixed(1)} ms`, 'fault');
      } else if (button.id === 'storm') {
        await storm(button);
      } else if (button.dataset.download) {
        await download(button.dataset.download);
      }
    } catch (error) {
      console.warn(error);
      banner(String(error.message ?? error));
    }
  });

  /** 20 subscribes back to back, then 20 unsubscribes at once: the streams' limiter paces (and merges) the frames. */
  async function storm(button) {
    const streams = models.binance.handle?.streams;
    if (!streams) return;
    button.disabled = true;
    const note = $('#binance-note');
    const before = await (await fetch('status.json')).json();
    const names = ['eth', 'bnb', 'sol', 'xrp', 'ada', 'doge', 'dot', 'ltc', 'trx', 'link'].flatMap((s) => [
      `${s}usdt@aggTrade`,
      `${s}usdt@bookTicker`,
    ]);
    note.textContent = `1008 storm: ${names.length} subscribes back to back, then ${names.length} unsubscribes at once…`;
    logEvent('binance', `1008 storm attempt: ${2 * names.length} control requests at once`, 'fault');
    let peak = 0;
    const watch = setInterval(() => {
      peak = Math.max(peak, ...streams.connections().map((c) => c.queued));
    }, 50);
    try {
      for (const name of names) await streams.subscribe(name);
      await Promise.all(names.map((name) => streams.unsubscribe(name)));
    } finally {
      clearInterval(watch);
      button.disabled = false;
    }
    const after = await (await fetch('status.json')).json();
    const frames = after.binance.controlFrames - before.binance.controlFrames;
    const closes = after.binance.closes1008 - before.binance.closes1008;
    note.textContent = `1008 storm: ${frames} control frames reached Binance, paced by the limiter (peak queue ${peak}); closes with 1008: ${closes}`;
    note.dataset.closes1008 = String(closes);
    note.dataset.frames = String(frames);
    logEvent('binance', `storm done: ${frames} frames, 1008 closes: ${closes}`, closes === 0 ? 'ok' : 'warn');
  }

  // recording: the switch restarts the Deribit client onto (or off) an IndexedDB sink, so a recording starts
  // with the login and the subscriptions and replays on its own. (Binance's streams take no recordTo, and
  // Bybit's three connections would share one sink.)
  const recordSwitch = $('#record');
  if (!sdk.indexedDbSink) {
    recordSwitch.disabled = true;
    $('#record-count').textContent = 'needs the recorder add-on';
  }
  recordSwitch.addEventListener('change', async () => {
    recordSwitch.disabled = true;
    recording = recordSwitch.checked;
    try {
      for (const id of ['deribit']) {
        if (recording) {
          sinks[id] = sdk.indexedDbSink(`zen-dashboard-${id}`);
          await sinks[id].clear();
          models[id].recorded = 0;
        }
        await restartVenue(id, recording ? 'recording to IndexedDB' : 'recording off');
      }
      for (const b of document.querySelectorAll('[data-download]')) b.disabled = false;
      document.body.dataset.recording = String(recording);
    } finally {
      recordSwitch.disabled = false;
    }
  });

  async function download(id) {
    const sink = sinks[id];
    if (!sink) return;
    await sink.flush();
    const blob = await sink.export();
    const a = Object.assign(document.createElement('a'), {
      href: URL.createObjectURL(blob),
      download: `zen-dashboard-${id}-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`,
    });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    logEvent(id, `recording downloaded (${blob.size} bytes)`);
  }

  // orders
  const form = $('#order');
  const syncForm = () => {
    const id = form.venue.value;
    $('#qty-unit').textContent = `(${VENUES[id].size})`;
    if (form.dataset.venue !== id) form.qty.value = id === 'deribit' ? '10' : '0.01';
    form.dataset.venue = id;
  };
  form.venue.addEventListener('change', syncForm);
  syncForm();
  let orders = 0;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = form.venue.value;
    const side = form.side.value;
    const qty = Number(form.qty.value);
    const cut = form.cut.checked;
    const n = ++orders;
    const li = document.createElement('li');
    li.dataset.venue = id;
    li.dataset.n = String(n);
    li.dataset.outcome = 'pending';
    li.innerHTML = `<span class="tag">#${n}</span> ${VENUES[id].name} ${side} ${amount(id, qty)} ${VENUES[id].size}: <span class="what">sending…</span>`;
    $('#outcomes .placeholder')?.remove();
    $('#outcomes').prepend(li);
    while ($('#outcomes').children.length > 3) $('#outcomes').lastElementChild.remove();
    const settle = (outcome, text) => {
      li.dataset.outcome = outcome;
      $('.what', li).textContent = text;
    };
    try {
      const handle = models[id].handle;
      if (!handle) throw new Error(`${VENUES[id].name} is not connected`);
      if (cut) await post(`fault/${id}/cut`, { side });
      const r = await handle.order(side, qty);
      settle(r.outcome, r.text);
    } catch (error) {
      if (error?.outcome === 'unknown') {
        settle(
          'unknown',
          'outcome unknown: the connection was cut before the reply; check open orders before retrying',
        );
      } else settle('rejected', `rejected: ${error?.message ?? error}`);
    }
  });

  // ── go ──────────────────────────────────────────────────────────────────────────────────────────────
  setInterval(paint, PAINT_MS);
  paint();
  await Promise.all(IDS.map(startVenue));
  document.body.dataset.ready = 'true';
  paint();
}
