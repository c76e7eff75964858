import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

type TSourceData = string | ArrayBuffer | ArrayBufferView;

function toKey(secret: TSourceData): string | Buffer {
  if (typeof secret === 'string') return secret;
  if (ArrayBuffer.isView(secret)) return Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength);
  return Buffer.from(secret);
}

/**
 * SHA-256 (or HMAC-SHA256 when given a secret) for @smithy/signature-v4's `sha256` option, backed by
 * node:crypto. Implements its Checksum interface; the signer constructs one per hash it needs.
 */
export class NodeSha256 {
  readonly #secret: TSourceData | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: TSourceData) {
    this.#secret = secret;
    this.#hash = NodeSha256.#create(secret);
  }

  static #create(secret: TSourceData | undefined): Hash | Hmac {
    return secret === undefined ? createHash('sha256') : createHmac('sha256', toKey(secret));
  }

  update(chunk: Uint8Array): void {
    this.#hash.update(chunk);
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.#hash.digest());
  }

  reset(): void {
    this.#hash = NodeSha256.#create(this.#secret);
  }
}
