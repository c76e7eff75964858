// SPEC's limits, written once for the domain, the AWS API and the console. This file imports nothing, so the
// console's client components may import it directly (lib/kms's index would pull the domain, node:crypto
// included, into the browser bundle); everything else reads these through the index.

/** SPEC §2: the waiting period before a scheduled deletion, in days. */
export const PENDING_WINDOW_DAYS = { min: 7, max: 1096, default: 30 } as const;

/** SPEC §6: Encrypt's plaintext, in bytes. */
export const MAX_PLAINTEXT_BYTES = 4096;

/** AWS's bound for CiphertextBlob; within it, anything Keyfort did not write is CIPHERTEXT_INVALID. */
export const MAX_CIPHERTEXT_BLOB_INPUT_BYTES = 6144;

/** SPEC §6: the encryption context, canonically encoded. */
export const MAX_ENCRYPTION_CONTEXT_BYTES = 8192;

/**
 * The console's import files (the AWS API takes AWS's 6144 bytes): far above what any wrapping key spec
 * produces (a 32-byte token; ≤ 552 bytes of wrapped material).
 */
export const MAX_IMPORT_TOKEN_BYTES = 1024;
export const MAX_WRAPPED_MATERIAL_BYTES = 2048;

/** SPEC §11: automatic rotation of generated keys, its period in days (AWS RotationPeriodInDays). */
export const ROTATION_PERIOD_DAYS = { min: 90, max: 2560, default: 365 } as const;

/** SPEC §11: rotations on demand a key may have in its lifetime (AWS LimitExceededException beyond). */
export const MAX_ON_DEMAND_ROTATIONS = 25;

/** SPEC §11: a material version's description (AWS KeyMaterialDescription), in characters. */
export const MAX_MATERIAL_DESCRIPTION_CHARS = 256;
