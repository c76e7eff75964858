import { createHmac } from 'node:crypto';

// RFC 6238 TOTP (HMAC-SHA-1, 30-second steps) written from the RFC with node:crypto alone, so the e2e tests
// compute authenticator codes independently of the library Keyfort uses (lib/auth/totp-vectors.test.ts runs
// both against the RFC's test vectors).

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`Not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

export function hotp(key: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function totp(key: Buffer, options: { atMs?: number; digits?: number; periodSeconds?: number } = {}): string {
  const atMs = options.atMs ?? Date.now();
  return hotp(key, Math.floor(atMs / 1000 / (options.periodSeconds ?? 30)), options.digits ?? 6);
}
