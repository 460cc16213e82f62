export { createFakeClock, type FakeClock } from './clock.js';
export { createFakeSocketFactory, FakeSocket, type FakeSocketFactory, type FakeSocketMode } from './socket.js';
