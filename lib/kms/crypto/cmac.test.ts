import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kcvOpensslCommand } from '../kcv-command';
import { aesCmac, keyCheckValue } from './cmac';

const hex = (value: string) => Buffer.from(value.replaceAll(' ', ''), 'hex');

// The message of RFC 4493 §4 and NIST SP 800-38B appendix D, cut to 0, 16, 40 and 64 bytes.
const MESSAGE = hex(
  '6bc1bee2 2e409f96 e93d7e11 7393172a ae2d8a57 1e03ac9c 9eb76fac 45af8e51 30c81c46 a35ce411 e5fbc119 1a0a52ef f69f2445 df4f9b17 ad2b417b e66c3710',
);

describe('AES-CMAC (RFC 4493)', () => {
  it.each([
    { length: 0, mac: 'bb1d6929 e9593728 7fa37d12 9b756746' },
    { length: 16, mac: '070a16b4 6b4d4144 f79bdd9d d04a287c' },
    { length: 40, mac: 'dfa66747 de9ae630 30ca3261 1497c827' },
    { length: 64, mac: '51f0bebf 7e3b9d92 fc497417 79363cfe' },
  ])('AES-128, RFC 4493 §4 example with a $length-byte message', ({ length, mac }) => {
    expect(aesCmac(hex('2b7e1516 28aed2a6 abf71588 09cf4f3c'), MESSAGE.subarray(0, length)).toString('hex')).toBe(mac.replaceAll(' ', ''));
  });

  it.each([
    { length: 0, mac: '028962f6 1b7bf89e fc6b551f 4667d983' },
    { length: 16, mac: '28a7023f 452e8f82 bd4bf28d 8c37c35c' },
    { length: 40, mac: 'aaf3d8f1 de5640c2 32f5b169 b9c911e6' },
    { length: 64, mac: 'e1992190 549f6ed5 696a2c05 6c315410' },
  ])('AES-256, NIST SP 800-38B example with a $length-byte message', ({ length, mac }) => {
    const key = hex('603deb10 15ca71be 2b73aef0 857d7781 1f352c07 3b6108d7 2d9810a3 0914dff4');
    expect(aesCmac(key, MESSAGE.subarray(0, length)).toString('hex')).toBe(mac.replaceAll(' ', ''));
  });

  it('refuses a key that is not an AES key size', () => {
    expect(() => aesCmac(Buffer.alloc(31), Buffer.alloc(16))).toThrow(RangeError);
  });
});

describe('key check value (SPEC §11)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyfort-kcv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is the first 3 bytes of AES-CMAC over 16 zero bytes, in upper-case hex', () => {
    const key = hex('603deb10 15ca71be 2b73aef0 857d7781 1f352c07 3b6108d7 2d9810a3 0914dff4');
    expect(keyCheckValue(key)).toBe(aesCmac(key, Buffer.alloc(16)).subarray(0, 3).toString('hex').toUpperCase());
    expect(keyCheckValue(key)).toMatch(/^[0-9A-F]{6}$/);
  });

  // Fixed materials (no randomness in a test): SHA-256 of a label is 32 bytes of unremarkable key.
  it.each(['keyMaterial', 'material two', "it's a file name with a quote"])('matches what the openssl command shown to users prints (%s)', (label) => {
    const material = createHash('sha256').update(label).digest();
    const file = join(dir, `${label}.bin`);
    writeFileSync(file, material);
    const printed = execFileSync('bash', ['-c', kcvOpensslCommand(file)], { encoding: 'utf8' }).trim();
    expect(printed).toBe(keyCheckValue(material));
  });
});
