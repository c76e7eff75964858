import { randomBytes } from 'node:crypto';
import { keyCheckValue } from './crypto/cmac';
import type { Keyring } from './crypto/keyring';
import { constantTimeEqual } from './crypto/primitives';

/** AES_256 material, the only key spec Keyfort holds (SPEC §1, §4). */
export const KEY_MATERIAL_BYTES = 32;

/** What a version stores of its material: sealed, identified, and checkable by its holder (SPEC §11 KCV). */
export interface TSealedMaterial {
  materialId: string;
  materialCiphertext: Buffer;
  kcv: string;
}

/** Seals material for a key. The caller keeps ownership of `material` (and zeroes it). */
export function sealMaterial(keyring: Keyring, keyId: string, material: Uint8Array): TSealedMaterial {
  return {
    materialId: keyring.materialId({ keyId, material }),
    materialCiphertext: keyring.seal({ purpose: 'key-material', keyId, plaintext: material }),
    kcv: keyCheckValue(material),
  };
}

/** Fresh generated material (creation, rotation of a generated key); its plaintext never leaves this function. */
export function generateMaterial(keyring: Keyring, keyId: string): TSealedMaterial {
  const material = randomBytes(KEY_MATERIAL_BYTES);
  try {
    return sealMaterial(keyring, keyId, material);
  } finally {
    material.fill(0);
  }
}

/**
 * Opens a version's sealed material and checks it is that version's: the seal binds the key ID only (as
 * material sealed before versions existed was), so the material id, an HMAC of (key ID, material), is what
 * ties the plaintext to its row. A row whose sealed material was swapped with another version's fails here.
 */
export function openVersionMaterial(keyring: Keyring, version: { keyId: string; materialId: string; sealed: Uint8Array }): Buffer {
  const material = keyring.open({ purpose: 'key-material', keyId: version.keyId, sealed: version.sealed });
  if (!constantTimeEqual(keyring.materialId({ keyId: version.keyId, material }), version.materialId)) {
    material.fill(0);
    throw new Error(`Sealed material of key ${version.keyId} does not match its material id`);
  }
  return material;
}
