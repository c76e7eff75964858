// RSAES-OAEP encoding by hand (RFC 8017 §7.1.1), so a test can break exactly one part of the padding and
// still encrypt the result under Keyfort's real wrapping key: Wycheproof's invalid-padding vectors,
// re-targeted at an import token's public key.
import { constants, createHash, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';

export type THash = 'sha256' | 'sha1';

/** DB = lHash ‖ PS ‖ 0x01 ‖ M before masking; EM = 0x00 ‖ maskedSeed ‖ maskedDB. */
export interface TOaepParts {
  db: Buffer;
  hashLength: number;
  /** Where the 0x01 separator stands in DB. */
  separatorAt: number;
}

export type TOaepTamper = { db?: (parts: TOaepParts) => void; em?: (em: Buffer) => void };

function mgf1(seed: Buffer, length: number, hash: THash): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * seed.length < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(createHash(hash).update(seed).update(c).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function xorInto(target: Buffer, mask: Buffer): void {
  for (let i = 0; i < target.length; i++) target[i]! ^= mask[i]!;
}

export function modulusOf(publicKeyDer: Uint8Array): bigint {
  const jwk = createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'spki' }).export({ format: 'jwk' });
  return BigInt(`0x${Buffer.from(jwk.n!, 'base64url').toString('hex')}`);
}

export function modulusBytes(publicKeyDer: Uint8Array): number {
  return Math.ceil(modulusOf(publicKeyDer).toString(16).length / 2);
}

/** An integer as exactly `length` big-endian bytes (more if it does not fit). */
export function integerBytes(value: bigint, length: number): Buffer {
  const hex = value.toString(16);
  return Buffer.from(hex.padStart(Math.max(length * 2, hex.length + (hex.length % 2)), '0'), 'hex');
}

/** OAEP-encodes `message` (empty label, MGF1 with the same hash), applies the tamper, encrypts with raw RSA. */
export function oaepWrap(options: { publicKeyDer: Uint8Array; hash: THash; message: Uint8Array; tamper?: TOaepTamper }): Buffer {
  const k = modulusBytes(options.publicKeyDer);
  const hashLength = createHash(options.hash).digest().length;
  const lHash = createHash(options.hash).update(Buffer.alloc(0)).digest();
  const separatorAt = k - options.message.length - hashLength - 2;
  const db = Buffer.concat([lHash, Buffer.alloc(separatorAt - hashLength), Buffer.from([0x01]), options.message]);
  options.tamper?.db?.({ db, hashLength, separatorAt });
  const seed = randomBytes(hashLength);
  xorInto(db, mgf1(seed, db.length, options.hash));
  xorInto(seed, mgf1(db, hashLength, options.hash));
  const em = Buffer.concat([Buffer.from([0x00]), seed, db]);
  options.tamper?.em?.(em);
  const key = createPublicKey({ key: Buffer.from(options.publicKeyDer), format: 'der', type: 'spki' });
  return publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, em);
}
