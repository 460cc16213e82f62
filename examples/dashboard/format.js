// Shared by the dashboard's modules: the venues it shows, number and time formatting, a DOM shortcut.

/** The venues on the page, their instrument and the units of their prices and sizes. */
export const VENUES = {
  deribit: { name: 'Deribit', instrument: 'BTC-PERPETUAL', price: 'USD', size: 'USD', step: 0.5 },
  binance: { name: 'Binance', instrument: 'BTCUSDT', price: 'USDT', size: 'BTC', step: 0.01 },
  bybit: { name: 'Bybit', instrument: 'BTCUSDT', price: 'USDT', size: 'BTC', step: 0.1 },
};
export const IDS = Object.keys(VENUES);

const nf = (digits) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const fmt = { 0: nf(0), 1: nf(1), 2: nf(2), 3: nf(3), 4: nf(4) };
const priceDigits = (id) => (id === 'binance' ? 2 : 1);
const sizeDigits = (id) => (id === 'deribit' ? 0 : 3);
export const money = (id, v) => (Number.isFinite(v) ? fmt[priceDigits(id)].format(v) : '—');
export const amount = (id, v) => (Number.isFinite(v) ? fmt[sizeDigits(id)].format(v) : '—');
export const clockTime = (ms) => {
  const d = new Date(ms);
  return `${d.toLocaleTimeString('en-GB', { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
};
export const esc = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
export const ms = (v) => (v < 10 ? v.toFixed(1) : v.toFixed(0));
export const $ = (selector, root = document) => root.querySelector(selector);
