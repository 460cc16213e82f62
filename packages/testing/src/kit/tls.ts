/**
 * A throw-away self-signed certificate for `wss://` on localhost. `selfsigned` is imported only when TLS is
 * asked for, so plain servers never load it.
 */

/** PEM key and certificate. */
export interface TlsCredentials {
  readonly key: string;
  readonly cert: string;
}

const HOUR_MS = 3_600_000;

/**
 * Generates an ECDSA P-256 / SHA-256 certificate for `localhost` and `127.0.0.1`, valid from an hour ago for
 * 30 days. A client trusts it by passing `cert` as its CA.
 *
 * @example
 * const { key, cert } = await createTlsCredentials();
 * const server = https.createServer({ key, cert });
 */
export async function createTlsCredentials(): Promise<TlsCredentials> {
  const { generate } = await import('selfsigned');
  const notBeforeDate = new Date(Date.now() - HOUR_MS);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 30 * 24 * HOUR_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
