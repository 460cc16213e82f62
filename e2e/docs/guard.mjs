// Loaded with `node --import` before every doc snippet. Every TCP connection goes through
// net.Socket.prototype.connect (ws, fetch, tls, http alike): a venue host:port from ZEN_DOC_TEST_ROUTES is sent to
// the local TLS front instead (the host name stays for TLS, so the certificate check still runs); loopback
// addresses pass; anything else stops the process at once with exit code 97 and the address, so a snippet can
// never reach the internet.
import net from 'node:net';

const routes = JSON.parse(process.env.ZEN_DOC_TEST_ROUTES ?? '{}');
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;
const connect = net.Socket.prototype.connect;

function blocked(address) {
  process.stderr.write(
    `doc-test: blocked a connection to ${address}: snippets may reach 127.0.0.1 and the venue URLs the harness ` +
      `serves locally (${Object.keys(routes).join(', ')}) only\n`,
  );
  process.exit(97);
}

/** Rewrites `options` in place; returns false for a Unix socket or a pipe. */
function route(options) {
  if (options.path !== undefined) return;
  const host = String(options.host ?? 'localhost');
  if (LOOPBACK.test(host)) return;
  const target = routes[`${host}:${Number(options.port)}`];
  if (target === undefined) blocked(`${host}:${options.port}`);
  options.host = '127.0.0.1';
  options.port = target;
}

net.Socket.prototype.connect = function guardedConnect(...args) {
  const [first, second] = args;
  if (Array.isArray(first) && first[0] && typeof first[0] === 'object') route(first[0]);
  else if (first && typeof first === 'object') route(first);
  else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const options = { port: first, host: typeof second === 'string' ? second : 'localhost' };
    route(options);
    args[0] = options.port;
    if (typeof second === 'string') args[1] = options.host;
  }
  return connect.apply(this, args);
};
