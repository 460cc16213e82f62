console.log(Bun.resolveSync('zen-websocket', import.meta.dir));
console.log(import.meta.resolve('zen-websocket'));
