/**
 * The Deribit simulator: the public entry of `packages/testing/src/deribit`. Guide: `docs/venues/deribit.md`.
 */
export { startDeribitSimulator } from './simulator.js';
export type {
  CreditBucketOptions,
  DeribitAccount,
  DeribitSimEvent,
  DeribitSimulator,
  DeribitSimulatorOptions,
  SimInstrumentSpec,
  SimOrder,
} from './types.js';
