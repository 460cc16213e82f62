// Shared by the process runners: reads the harness's config, runs the contract suite and the runtime probe,
// prints ONE line `CONTRACT_RESULTS <json>` and returns. It never exits the process: the harness checks that
// the process ends by itself once every client is closed (no timer or socket left behind).
import { probeRuntime } from '../contract/probe.mjs';
import { runContract } from '../contract/suite.mjs';

/**
 * @param {object} run
 * @param {(url: string, options?: object) => Promise<unknown>} run.connect the SDK's connect, imported by the runner
 * @param {object} run.sdk the SDK's module namespace (to record which build was loaded)
 * @param {string} run.loaded where the runtime resolved the package to (import.meta.resolve)
 * @param {string} run.version the runtime and its version
 * @param {string | undefined} run.config the JSON the harness put in ZEN_CONTRACT
 * @param {object} [run.extras] extra connect options (e.g. a socketFactory)
 */
export async function main({ connect, sdk, loaded, version, config, extras = {} }) {
  const { serverUrl, control, probeUrl, runtime, capabilities } = JSON.parse(config ?? '{}');
  const results = await runContract({ connect, extras, serverUrl, control, runtime, capabilities });
  const probe = await probeRuntime({ probeUrl, control });
  const build =
    'nodeSocketFactory' in sdk
      ? 'node'
      : 'bunSocketFactory' in sdk
        ? 'bun'
        : 'nativeSocketFactory' in sdk
          ? 'deno'
          : 'web';
  const report = { runtime, version, loaded, build, results, probe };
  console.log(`CONTRACT_RESULTS ${JSON.stringify(report)}`);
}
