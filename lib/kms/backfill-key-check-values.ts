import { keyCheckValue } from './crypto/cmac';
import type { KmsContext } from './context';
import { openVersionMaterial } from './seal-material';

/**
 * Background job: key check values (SPEC §11) for versions that hold material but none yet, i.e. material
 * migrated from before versions existed (the migration has no material in clear). Versions whose material
 * is gone get theirs at their next re-import. Idempotent: a KCV follows from the material, so racing
 * instances write the same value, and only where it is still missing.
 */
export async function backfillKeyCheckValues(ctx: KmsContext, options: { limit?: number } = {}): Promise<{ filled: number }> {
  let filled = 0;
  for (const version of await ctx.store.findVersionsWithoutKcv(options.limit ?? 500)) {
    if (version.materialCiphertext === null) continue;
    const material = openVersionMaterial(ctx.keyring, { keyId: version.keyId, materialId: version.materialId, sealed: version.materialCiphertext });
    try {
      if (await ctx.store.fillKcv({ keyId: version.keyId, materialId: version.materialId, kcv: keyCheckValue(material) })) filled += 1;
    } finally {
      material.fill(0);
    }
  }
  return { filled };
}
