const m = await import('zen-websocket');
console.log(typeof m.connect, typeof m.nodeSocketFactory, typeof WebSocket, typeof crypto?.subtle?.importKey);
const proto = WebSocket.prototype;
console.log(Object.getOwnPropertyNames(proto).join(','));
