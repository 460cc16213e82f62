// The mid-price chart: one strip per venue, the last `seconds` of its mid as a line and its trades as dots,
// drawn on a canvas by hand (no charting library), in the colours of the page's CSS variables.
import { IDS, money, VENUES } from './format.js';

/** Draws every venue's strip on `canvas`; trims each model's `mids` and `trades` to the window. */
export function drawChart(canvas, models, seconds) {
  const CHART_SECONDS = seconds;
  const ratio = window.devicePixelRatio || 1;
  const { width, height } = canvas.getBoundingClientRect();
  if (width === 0 || height === 0) return;
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const css = getComputedStyle(document.body);
  const color = (name) => css.getPropertyValue(name).trim();
  const now = Date.now();
  const from = now - CHART_SECONDS * 1000;
  const rowH = height / IDS.length;
  const left = 84;
  const right = 58;
  const plotW = width - left - right;
  g.font = '11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
  g.textBaseline = 'middle';
  IDS.forEach((id, row) => {
    const m = models[id];
    m.mids = m.mids.filter((p) => p.t >= from);
    m.trades = m.trades.filter((p) => p.t >= from);
    const top = row * rowH + 8;
    const h = rowH - 20;
    g.strokeStyle = color('--grid');
    g.lineWidth = 1;
    g.strokeRect(left + 0.5, top + 0.5, plotW, h);
    g.fillStyle = color('--fg');
    g.textAlign = 'left';
    g.fillText(VENUES[id].name, 4, top + 8);
    g.fillStyle = color('--muted');
    g.fillText(VENUES[id].price, 4, top + 22);
    const values = [...m.mids.map((p) => p.mid), ...m.trades.map((p) => p.price)];
    if (values.length < 2) {
      g.fillText(m.state === 'unavailable' ? 'not in this build' : 'waiting for data…', left + 8, top + h / 2);
      return;
    }
    let lo = Math.min(...values);
    let hi = Math.max(...values);
    const pad = Math.max((hi - lo) * 0.1, VENUES[id].step * 2);
    lo -= pad;
    hi += pad;
    const x = (t) => left + ((t - from) / (now - from)) * plotW;
    const y = (v) => top + h - ((v - lo) / (hi - lo)) * h;
    g.textAlign = 'left';
    g.fillStyle = color('--muted');
    g.fillText(money(id, hi), left + plotW + 4, top + 6);
    g.fillText(money(id, lo), left + plotW + 4, top + h - 6);
    g.fillStyle = color('--trade');
    for (const p of m.trades) {
      g.beginPath();
      g.arc(x(p.t), y(p.price), 1.6, 0, Math.PI * 2);
      g.fill();
    }
    g.strokeStyle = color(`--line-${id}`);
    g.lineWidth = 1.6;
    g.beginPath();
    for (const [i, p] of m.mids.entries()) {
      if (i === 0) g.moveTo(x(p.t), y(p.mid));
      else g.lineTo(x(p.t), y(p.mid));
    }
    g.stroke();
    const last = m.mids.at(-1);
    if (last) {
      g.fillStyle = color(`--line-${id}`);
      g.textAlign = 'left';
      g.fillText(money(id, last.mid), 4, top + 36);
    }
  });
  g.fillStyle = color('--muted');
  g.textAlign = 'center';
  for (let s = CHART_SECONDS; s >= 0; s -= 15) {
    g.fillText(s === 0 ? 'now' : `−${s} s`, left + ((CHART_SECONDS - s) / CHART_SECONDS) * plotW, height - 6);
  }
}
