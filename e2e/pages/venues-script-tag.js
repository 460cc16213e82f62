// Runs the scenario named by `?venue=` with the functions of the `ZenWebsocket` global and its add-ons.
// With `?noble`, the noble add-on is loaded first (the page hides crypto.subtle with `?nosubtle`).
(() => {
  const params = new URLSearchParams(location.search);
  const run = () => {
    const Z = window.ZenWebsocket;
    window.runVenueScenario(params.get('venue'), {
      connect: Z.connect,
      RpcError: Z.RpcError,
      ZenError: Z.ZenError,
      createDeribitClient: Z.deribit.createDeribitClient,
      createBinanceStreams: Z.binance.createBinanceStreams,
      createRateLimiter: Z.limiter.createRateLimiter,
      deribitLimits: Z.deribit.deribitLimits,
      createClientPool: Z.pool.createClientPool,
    });
  };
  if (!params.has('noble')) return run();
  const script = document.createElement('script');
  script.src = '/packages/sdk/dist/zen-websocket.noble.iife.min.js';
  script.onload = run;
  script.onerror = () => window.reportVenueFailure(new Error('the noble add-on did not load'));
  document.head.append(script);
})();
