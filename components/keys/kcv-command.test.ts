import { execFileSync } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kcvCommand } from './kcv-command';

const aes = (key: Buffer, block: Buffer) => {
  const cipher = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
};

/** AES-CMAC (RFC 4493) of one complete block: AES_K(M ⊕ K1), K1 the doubled AES_K(0). */
function cmacOfOneBlock(key: Buffer, message: Buffer): Buffer {
  const l = aes(key, Buffer.alloc(16));
  const k1 = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) k1[i] = ((l[i]! << 1) | (i < 15 ? l[i + 1]! >> 7 : 0)) & 0xff;
  if (l[0]! & 0x80) k1[15] = k1[15]! ^ 0x87;
  return aes(key, Buffer.from(message.map((byte, i) => byte ^ k1[i]!)));
}

describe('kcvCommand', () => {
  it('prints the first 3 bytes of AES-CMAC(material, 16 zero bytes) of the file, as the console tells users', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcv-'));
    try {
      // SP 800-38B's AES-256 example key checks the CMAC itself; a random key checks the command end to end.
      const nist = Buffer.from('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4', 'hex');
      const block = Buffer.from('6bc1bee22e409f96e93d7e117393172a', 'hex');
      expect(cmacOfOneBlock(nist, block).toString('hex')).toBe('28a7023f452e8f82bd4bf28d8c37c35c');
      for (const material of [nist, randomBytes(32)]) {
        writeFileSync(join(dir, 'keyMaterial.bin'), material);
        const printed = execFileSync('/bin/sh', ['-c', kcvCommand('keyMaterial.bin')], { cwd: dir }).toString().trim();
        expect(printed).toBe(cmacOfOneBlock(material, Buffer.alloc(16)).subarray(0, 3).toString('hex').toUpperCase());
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
