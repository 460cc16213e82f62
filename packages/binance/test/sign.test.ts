import { generateKeyPairSync, verify } from 'node:crypto';
import { signaturePayload, signEd25519, signHmac } from '@zen-websocket/binance';
import { hmacSha256Hex } from '@zen-websocket/core/crypto';
import { describe, expect, it } from 'vitest';

const apiKey = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const secretKey = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

// The worked examples of Binance's WebSocket API docs.
const W1 = {
  params: {
    symbol: 'BTCUSDT',
    side: 'SELL',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.01000000',
    price: '52000.00',
    recvWindow: 100,
    timestamp: 1645423376532,
    apiKey,
  },
  payload:
    'apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT',
  signature: 'aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24',
};
const W2 = {
  params: {
    symbol: '１２３４５６',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '1.00000000',
    price: '0.10000000',
    recvWindow: 5000,
    timestamp: 1645423376532,
    apiKey,
  },
  payload:
    'apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A&price=0.10000000&quantity=1.00000000&recvWindow=5000&side=BUY&symbol=１２３４５６&timeInForce=GTC&timestamp=1645423376532&type=LIMIT',
  signature: 'b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd',
};

describe('HMAC-SHA256 signatures: the docs worked examples', () => {
  for (const [name, vector] of [
    ['W1 (ASCII)', W1],
    ['W2 (non-ASCII symbol, raw UTF-8)', W2],
  ] as const) {
    it(`${name}: payload and signature`, async () => {
      expect(signaturePayload(vector.params)).toBe(vector.payload);
      expect(await signHmac(secretKey, vector.params)).toBe(vector.signature);
      expect(await hmacSha256Hex(secretKey, vector.payload, 'webcrypto')).toBe(vector.signature);
      expect(await hmacSha256Hex(secretKey, vector.payload, 'noble')).toBe(vector.signature);
    });
  }

  it('leaves out signature and undefined params, writes objects as JSON and booleans as text', () => {
    expect(signaturePayload({ b: true, a: [1, 2], signature: 'x', skip: undefined, c: { d: 1 }, n: null, z: 0 })).toBe(
      'a=[1,2]&b=true&c={"d":1}&n=null&z=0',
    );
  });
});

// RFC 8032 §7.1, TEST 1: the empty message (what signaturePayload({}) gives).
const RFC_SEED = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
const RFC_SIG = Buffer.from(
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  'hex',
).toString('base64');

describe('Ed25519 signatures', () => {
  it('matches RFC 8032 test 1 with WebCrypto and with @noble/curves', async () => {
    expect(await signEd25519(new Uint8Array(RFC_SEED), {}, 'webcrypto')).toBe(RFC_SIG);
    expect(await signEd25519(new Uint8Array(RFC_SEED), {}, 'noble')).toBe(RFC_SIG);
  });

  it('takes a PKCS#8 PEM, a seed or a CryptoKey, and signs the sorted payload (base64) verifiably', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const seed = new Uint8Array((privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer).subarray(-32));
    const cryptoKey = await crypto.subtle.importKey(
      'pkcs8',
      privateKey.export({ type: 'pkcs8', format: 'der' }),
      { name: 'Ed25519' },
      false,
      ['sign'],
    );
    const params = { apiKey: 'k', timestamp: 1_700_000_000_000, symbol: '１２３４５６' };
    const signatures = await Promise.all([
      signEd25519(pem, params),
      signEd25519(seed, params, 'noble'),
      signEd25519(cryptoKey, params),
    ]);
    expect(new Set(signatures).size).toBe(1);
    const payload = Buffer.from(signaturePayload(params), 'utf8');
    expect(verify(null, payload, publicKey, Buffer.from(signatures[0] as string, 'base64'))).toBe(true);
  });

  it('refuses a key of the wrong size without echoing it', async () => {
    await expect(signEd25519(new Uint8Array(5), {})).rejects.toThrow(/PKCS#8 PEM, the 32-byte seed, or a CryptoKey/);
  });
});
