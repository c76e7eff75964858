import { keyCheckValue } from '../crypto/cmac';
import { sealCiphertextBlob } from '../crypto/ciphertext-blob';

// What the release before material versions (SPEC §11) produced, for the migration test: its ciphertext blobs
// (the format did not change: key ID and material id in the authenticated header) and the check value a
// holder of the material computes offline.

/** A ciphertext blob as Encrypt made it, under the key's one material, without encryption context. */
export function previousReleaseBlob(options: { keyId: string; materialId: string; material: Uint8Array; plaintext: Uint8Array }): Buffer {
  const { keyId, material, plaintext } = options;
  return sealCiphertextBlob({ keyId, materialId: Buffer.from(options.materialId, 'hex'), material, plaintext, encodedContext: Buffer.alloc(0) });
}

/** SPEC §11's KCV of the material: what a migrated version must show once backfilled. */
export const expectedKcv = (material: Uint8Array): string => keyCheckValue(material);
