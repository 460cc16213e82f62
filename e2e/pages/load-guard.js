// Classic script, loaded first by every contract page: if the page breaks before the suite starts (a module
// specifier the import map misses, a 404, a ReferenceError), report it at once instead of letting the
// harness wait for a report that will never come.
(() => {
  const report = (what) => {
    if (window.__contractStarted || window.__contract) return;
    window.__contract = { error: `page failed before the suite started: ${what}`, results: [] };
  };
  addEventListener('error', (e) => report(e.message || `could not load ${e.target?.src ?? e.target}`), true);
  addEventListener('unhandledrejection', (e) => report(String(e.reason?.stack ?? e.reason)));
})();
