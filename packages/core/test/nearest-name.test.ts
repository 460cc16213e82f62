// Which valid option a misspelt one most likely stands for: the suggestions every factory's unknown-key error makes.
import { describe, expect, it } from 'vitest';
import { editDistance, nearestName } from '../src/strict.js';

describe('nearestName', () => {
  it('a swapped pair of neighbouring letters is one typo', () => {
    expect(editDistance('rcp', 'rpc')).toBe(1);
    expect(editDistance('prot', 'port')).toBe(1);
    expect(nearestName('rcp', ['port', 'rpc', 'subscriptions'])).toBe('rpc');
    expect(nearestName('prot', ['port', 'rpc', 'subscriptions'])).toBe('port');
  });

  it('a name whose first or last words are the whole key beats one two typos away', () => {
    // `reconnect` is two typos from `onConnect`, but it is the start of `reconnectOnError`
    expect(nearestName('reconnect', ['onConnect', 'reconnectOnError', 'retryCount'])).toBe('reconnectOnError');
    expect(nearestName('url', ['baseUrl', 'raw', 'socketFactory'])).toBe('baseUrl');
    expect(nearestName('heartbeat', ['heartbeatInterval', 'timeout'])).toBe('heartbeatInterval');
    // a part of a word is not a word: no guess
    expect(nearestName('maxi', ['maximumBufferedEntries'])).toBeUndefined();
    expect(nearestName('url', ['curlOptions'])).toBeUndefined();
  });

  it('keeps the earlier rules: case and separators, one typo, a long shared start, nothing for a stranger', () => {
    expect(nearestName('base_url', ['baseUrl'])).toBe('baseUrl');
    expect(nearestName('timeot', ['timeout', 'headers'])).toBe('timeout');
    expect(nearestName('maxEntry', ['maxEntries', 'maxBytes'])).toBe('maxEntries');
    expect(nearestName('zzz', ['timeout', 'headers'])).toBeUndefined();
  });
});
