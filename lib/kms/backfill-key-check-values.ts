import { keyCheckValue } from './crypto/cmac';
import type { KmsContext } from './context';
import { openVersionMaterial } from './seal-material';

export interface TBackfillResult {
  filled: number;
  /** Keys with a version whose sealed material did not open as that version's: corruption, never skipped silently. */
  unreadable: string[];
}

/**
 * Background job: key check values (SPEC §11) for versions that hold material but none yet, i.e. material
 * migrated from before versions existed (the migration has no material in clear). Versions whose material
 * is gone get theirs at their next re-import. Idempotent: a KCV follows from the material, so racing
 * instances write the same value, and only where it is still missing.
 */
export async function backfillKeyCheckValues(ctx: KmsContext, options: { limit?: number } = {}): Promise<TBackfillResult> {
  let filled = 0;
  const unreadable: string[] = [];
  for (const version of await ctx.store.findVersionsWithoutKcv(options.limit ?? 500)) {
    if (version.materialCiphertext === null) continue;
    let material: Buffer;
    try {
      material = openVersionMaterial(ctx.keyring, { keyId: version.keyId, materialId: version.materialId, sealed: version.materialCiphertext });
    } catch {
      // A row that does not open (or is not its version's material) is the operator's to look at; it must not
      // keep every version listed after it from getting its check value.
      unreadable.push(version.keyId);
      continue;
    }
    try {
      if (await ctx.store.fillKcv({ keyId: version.keyId, materialId: version.materialId, kcv: keyCheckValue(material) })) filled += 1;
    } finally {
      material.fill(0);
    }
  }
  return { filled, unreadable };
}
