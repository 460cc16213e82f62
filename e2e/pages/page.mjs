// Shared by the browser pages: reads the harness's config from the query string (`?config=<json>`), runs the
// contract suite and the runtime probe, and puts the report on `window.__contract` for the harness to read.
// The control endpoints are on this page's own origin, so no CORS is involved.
import { probeRuntime } from '../contract/probe.mjs';
import { runContract } from '../contract/suite.mjs';

export async function runPage({ connect, sdk, loaded }) {
  window.__contractStarted = true;
  const { serverUrl, probeUrl, runtime, capabilities } = JSON.parse(new URLSearchParams(location.search).get('config'));
  const control = `${location.origin}/control`;
  try {
    const results = await runContract({ connect, serverUrl, control, runtime, capabilities });
    const probe = await probeRuntime({ probeUrl, control });
    const build = 'nodeSocketFactory' in sdk ? 'node' : 'web';
    window.__contract = { runtime, version: navigator.userAgent, loaded, build, results, probe };
  } catch (error) {
    window.__contract = { runtime, loaded, error: String(error?.stack ?? error), results: [] };
  }
}
