import type { ImportType, MaterialVersionView } from '@/lib/kms';
import { importFileNames } from './openssl-commands';

/**
 * What an import through the wizard is for (SPEC §11): a key's first material (version 1), new material for
 * a rotation (the next version, pending rotation), or a version's own material again.
 */
export type TImportTarget =
  | { kind: 'FIRST' }
  | { kind: 'NEW'; sequence: number }
  | { kind: 'EXISTING'; materialId: string; sequence: number; kcv: string | null };

type TVersion = Pick<MaterialVersionView, 'materialId' | 'sequence' | 'state' | 'importState' | 'kcv'>;

const existing = (version: TVersion): TImportTarget => ({
  kind: 'EXISTING',
  materialId: version.materialId,
  sequence: version.sequence,
  kcv: version.kcv,
});

/** Re-importing this version (a row's "Re-import"). */
export const reimportTarget = existing;

/** New material for a rotation: it becomes the version after the last. */
export function newMaterialTarget(versions: readonly TVersion[]): TImportTarget {
  return { kind: 'NEW', sequence: versions.reduce((max, version) => Math.max(max, version.sequence), 0) + 1 };
}

/**
 * The material section's own import button: the first import; else the bound version whose material the key
 * misses (the key is Pending import until it is back), oldest first; else the CURRENT version again.
 */
export function defaultImportTarget(versions: readonly TVersion[]): TImportTarget {
  if (versions.length === 0) return { kind: 'FIRST' };
  const missing = versions.find((version) => version.state !== 'PENDING_ROTATION' && version.importState === 'PENDING_IMPORT');
  const current = versions.find((version) => version.state === 'CURRENT');
  const target = missing ?? current ?? versions[0];
  return target ? existing(target) : { kind: 'FIRST' };
}

/**
 * The plaintext material file the wizard's commands read (or, for new material, write). Version 1 keeps the
 * name the wizard always used; every later version has a file of its own, so generating new material for a
 * rotation can never overwrite the material the key is already bound to.
 */
export function materialFileName(keyId: string, target: TImportTarget): string {
  const sequence = target.kind === 'FIRST' ? 1 : target.sequence;
  return sequence === 1 ? importFileNames(keyId).material : `keyMaterial-${keyId}-v${sequence}.bin`;
}

/** The import request's version fields (the domain's defaults cover the first import). */
export function importTypeFields(target: TImportTarget): { importType?: ImportType; materialId?: string } {
  if (target.kind === 'NEW') return { importType: 'NEW_KEY_MATERIAL' };
  if (target.kind === 'EXISTING') return { importType: 'EXISTING_KEY_MATERIAL', materialId: target.materialId };
  return {};
}
