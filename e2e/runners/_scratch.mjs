const m = await import(Deno.args[0]);
console.log(Object.keys(m).join(','), typeof m.nodeSocketFactory);
