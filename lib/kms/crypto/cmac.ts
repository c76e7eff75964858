import { createCipheriv } from 'node:crypto';

// AES-CMAC (RFC 4493; NIST SP 800-38B), for key check values (SPEC §11). Node's crypto has no CMAC, so it is
// built here once over AES: the subkeys from one block encryption, the MAC as the last block of an AES-CBC
// encryption with a zero IV (which is exactly the CBC-MAC chain of RFC 4493 §2.4).

const BLOCK_BYTES = 16;
// R_b of RFC 4493 §2.3: the reduction constant for a 128-bit block.
const RB = 0x87;
const CIPHER_OF_KEY_BYTES: Readonly<Record<number, string>> = { 16: 'aes-128', 24: 'aes-192', 32: 'aes-256' };

function cipherName(key: Uint8Array, mode: 'ecb' | 'cbc'): string {
  const name = CIPHER_OF_KEY_BYTES[key.length];
  if (!name) throw new RangeError(`an AES key must be 16, 24 or 32 bytes, got ${key.length}`);
  return `${name}-${mode}`;
}

/** The block shifted left by one bit, XOR R_b when the bit shifted out was set (RFC 4493 §2.3). */
function doubled(block: Buffer): Buffer {
  const out = Buffer.alloc(BLOCK_BYTES);
  for (let i = 0; i < BLOCK_BYTES; i++) {
    out[i] = ((block[i]! << 1) & 0xff) | (i + 1 < BLOCK_BYTES ? block[i + 1]! >>> 7 : 0);
  }
  if (block[0]! & 0x80) out[BLOCK_BYTES - 1]! ^= RB;
  return out;
}

function subkeys(key: Uint8Array): { k1: Buffer; k2: Buffer } {
  const ecb = createCipheriv(cipherName(key, 'ecb'), key, null).setAutoPadding(false);
  const l = ecb.update(Buffer.alloc(BLOCK_BYTES));
  const k1 = doubled(l);
  return { k1, k2: doubled(k1) };
}

/** The 16-byte AES-CMAC of `message` under `key` (AES-128, -192 or -256 by the key's length). */
export function aesCmac(key: Uint8Array, message: Uint8Array): Buffer {
  const { k1, k2 } = subkeys(key);
  const complete = message.length > 0 && message.length % BLOCK_BYTES === 0;
  const blocks = complete ? message.length / BLOCK_BYTES : Math.floor(message.length / BLOCK_BYTES) + 1;
  const lastStart = (blocks - 1) * BLOCK_BYTES;
  // The last block: XOR K1 when whole, else padded with 10…0 and XOR K2.
  const last = Buffer.alloc(BLOCK_BYTES);
  last.set(message.subarray(lastStart));
  if (!complete) last[message.length - lastStart] = 0x80;
  const mask = complete ? k1 : k2;
  for (let i = 0; i < BLOCK_BYTES; i++) last[i]! ^= mask[i]!;
  const cbc = createCipheriv(cipherName(key, 'cbc'), key, Buffer.alloc(BLOCK_BYTES)).setAutoPadding(false);
  const chained = Buffer.concat([cbc.update(message.subarray(0, lastStart)), cbc.update(last)]);
  return chained.subarray(chained.length - BLOCK_BYTES);
}

const KCV_BYTES = 3;

/**
 * The key check value of AES material (SPEC §11): the first 3 bytes of AES-CMAC(material, 16 zero bytes), as
 * 6 upper-case hex digits (as openssl prints it). It identifies material without revealing it; anyone holding
 * the material file computes it offline (`kcvOpensslCommand`, lib/kms/kcv-command.ts).
 */
export function keyCheckValue(material: Uint8Array): string {
  return aesCmac(material, Buffer.alloc(BLOCK_BYTES)).subarray(0, KCV_BYTES).toString('hex').toUpperCase();
}
