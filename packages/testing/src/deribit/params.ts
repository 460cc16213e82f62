/**
 * Reading named request parameters, with Deribit's errors for missing (-32000) and malformed (-32602) ones.
 */
import { invalidParam, missingParam } from './rpc-error.js';

/** A request's named parameters. */
export type Params = Readonly<Record<string, unknown>>;

/**
 * A required string parameter.
 *
 * @example
 * str({ instrument_name: 'BTC-PERPETUAL' }, 'instrument_name'); // 'BTC-PERPETUAL'
 */
export function str(params: Params, name: string): string {
  const v = params[name];
  if (v === undefined) throw missingParam(name);
  if (typeof v !== 'string' || v === '') throw invalidParam(name, 'must be a non-empty string');
  return v;
}

/** An optional string parameter. */
export function optStr(params: Params, name: string): string | undefined {
  return params[name] === undefined ? undefined : str(params, name);
}

/** A required number parameter (numeric strings accepted, as Deribit does for timestamps). */
export function num(params: Params, name: string): number {
  const v = params[name];
  if (v === undefined) throw missingParam(name);
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw invalidParam(name, 'must be a number');
  return n;
}

/** An optional number parameter. */
export function optNum(params: Params, name: string): number | undefined {
  return params[name] === undefined ? undefined : num(params, name);
}

/** An optional boolean parameter. */
export function bool(params: Params, name: string): boolean {
  const v = params[name];
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw invalidParam(name, 'must be a boolean');
  return v;
}

/** A required array of non-empty strings (channel lists). */
export function strings(params: Params, name: string): string[] {
  const v = params[name];
  if (v === undefined) throw missingParam(name);
  if (!Array.isArray(v) || v.some((c) => typeof c !== 'string' || c === '')) {
    throw invalidParam(name, 'must be an array of strings');
  }
  return v as string[];
}

/** One of a fixed set of strings, or the default when absent. */
export function oneOf<T extends string>(params: Params, name: string, allowed: readonly T[], fallback: T): T {
  const v = params[name];
  if (v === undefined) return fallback;
  if (!allowed.includes(v as T)) throw invalidParam(name, `must be one of ${allowed.join(', ')}`);
  return v as T;
}
