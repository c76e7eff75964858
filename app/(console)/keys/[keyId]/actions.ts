'use server';

import { z } from 'zod';
import {
  cancelKeyDeletion,
  createAlias,
  deleteAlias,
  decrypt,
  deleteKeyMaterial,
  disableKey,
  disableKeyRotation,
  enableKey,
  enableKeyRotation,
  encrypt,
  getImportParameters,
  importKeyMaterial,
  publicKeyDerToPem,
  rotateKeyOnDemand,
  scheduleKeyDeletion,
  updateKeyDescription,
} from '@/lib/kms';
import { ZAlias, ZDescription, ZKeyId, ZMaterialId, ZPendingWindowInDays, ZRotationPeriodInDays } from '@/lib/kms';
import { defineAction } from '@/lib/server/action';
import { countConsoleImport } from '@/lib/server/metrics';
import { ZDecryptTextAction, ZEncryptTextAction } from './crypto-input';
import { ZGetImportParametersAction, ZImportKeyMaterialAction } from './import-input';

// One action per lifecycle step, each one domain operation; the page refreshes its data afterwards.
// Only the key ID goes back to the browser: the page re-reads everything else.

const ZKeyRefInput = z.object({ keyId: ZKeyId });

export const enableKeyAction = defineAction('enableKey', ZKeyRefInput, async (ctx, actor, { keyId }) => {
  await enableKey(ctx, { actor, keyId });
  return { keyId };
});

export const disableKeyAction = defineAction('disableKey', ZKeyRefInput, async (ctx, actor, { keyId }) => {
  await disableKey(ctx, { actor, keyId });
  return { keyId };
});

export const updateKeyDescriptionAction = defineAction('updateKeyDescription',
  z.object({ keyId: ZKeyId, description: ZDescription }),
  async (ctx, actor, { keyId, description }) => {
    await updateKeyDescription(ctx, { actor, keyId, description });
    return { keyId };
  },
);

export const createAliasAction = defineAction('createAlias', z.object({ keyId: ZKeyId, alias: ZAlias }), async (ctx, actor, { keyId, alias }) => {
  await createAlias(ctx, { actor, keyId, alias });
  return { keyId };
});

export const deleteAliasAction = defineAction('deleteAlias', z.object({ alias: ZAlias }), async (ctx, actor, { alias }) => {
  await deleteAlias(ctx, { actor, alias });
  return { alias };
});

export const scheduleKeyDeletionAction = defineAction('scheduleKeyDeletion',
  z.object({ keyId: ZKeyId, pendingWindowInDays: ZPendingWindowInDays }),
  async (ctx, actor, { keyId, pendingWindowInDays }) => {
    const key = await scheduleKeyDeletion(ctx, { actor, keyId, pendingWindowInDays });
    return { keyId, deletionDate: key.deletionDate };
  },
);

export const cancelKeyDeletionAction = defineAction('cancelKeyDeletion', ZKeyRefInput, async (ctx, actor, { keyId }) => {
  await cancelKeyDeletion(ctx, { actor, keyId });
  return { keyId };
});

/**
 * The public key and the token go to the signed-in user who asked for them: the wizard offers them as file
 * downloads. The token is a bearer credential for this key's import only; the private key never leaves the
 * domain.
 */
export const getImportParametersAction = defineAction('getImportParameters', ZGetImportParametersAction, async (ctx, actor, input) => {
  const parameters = await getImportParameters(ctx, { actor, ...input });
  try {
    return {
      keyId: parameters.keyId,
      wrappingAlgorithm: parameters.wrappingAlgorithm,
      wrappingKeySpec: parameters.wrappingKeySpec,
      publicKeyDer: parameters.publicKeyDer.toString('base64'),
      publicKeyPem: publicKeyDerToPem(parameters.publicKeyDer),
      importToken: parameters.importToken.toString('base64'),
      parametersValidTo: parameters.parametersValidTo,
    };
  } finally {
    parameters.importToken.fill(0);
  }
});

/**
 * Nothing of the token or the wrapped material comes back: the key's new state, and which version the material
 * went into (the page, refreshed, shows that version's key check value).
 */
export const importKeyMaterialAction = defineAction('importKeyMaterial', ZImportKeyMaterialAction, async (ctx, actor, input) => {
  try {
    const key = await importKeyMaterial(ctx, { actor, ...input });
    countConsoleImport();
    return { keyId: key.id, state: key.state, importedMaterialId: key.importedMaterialId };
  } catch (error) {
    countConsoleImport(error);
    throw error;
  } finally {
    input.importToken.fill(0);
    input.encryptedKeyMaterial.fill(0);
  }
});

/** One version's material (SPEC §11); without a material ID, the CURRENT version's. A sensitive action (SPEC §9). */
export const deleteKeyMaterialAction = defineAction('deleteKeyMaterial',
  z.object({ keyId: ZKeyId, materialId: ZMaterialId.optional() }),
  async (ctx, actor, { keyId, materialId }) => {
    const key = await deleteKeyMaterial(ctx, { actor, keyId, materialId });
    return { keyId, state: key.state, deletedMaterialId: key.deletedMaterialId };
  },
);

/** SPEC §11: generated keys get new material, imported keys promote their pending version. Sensitive (SPEC §9). */
export const rotateKeyOnDemandAction = defineAction('rotateKeyOnDemand', ZKeyRefInput, async (ctx, actor, { keyId }) => {
  const key = await rotateKeyOnDemand(ctx, { actor, keyId });
  return { keyId, currentMaterialId: key.currentMaterialId };
});

/** Turns automatic rotation of a generated key on, or changes its period (SPEC §11: 90–2560 days). */
export const enableKeyRotationAction = defineAction('enableKeyRotation',
  z.object({ keyId: ZKeyId, rotationPeriodInDays: ZRotationPeriodInDays }),
  async (ctx, actor, { keyId, rotationPeriodInDays }) => {
    await enableKeyRotation(ctx, { actor, keyId, rotationPeriodInDays });
    return { keyId, rotationPeriodInDays };
  },
);

export const disableKeyRotationAction = defineAction('disableKeyRotation', ZKeyRefInput, async (ctx, actor, { keyId }) => {
  await disableKeyRotation(ctx, { actor, keyId });
  return { keyId };
});

/**
 * The online tool. The plaintext came from the user who typed it; only the ciphertext goes back. The key ID
 * is the page's key: the domain checks the role (keys:use) and the key's state.
 */
export const encryptTextAction = defineAction('encryptText', ZEncryptTextAction, async (ctx, actor, { keyId, plaintext, encryptionContext }) => {
  try {
    const result = await encrypt(ctx, { actor, keyRef: keyId, plaintext, encryptionContext });
    return { keyId: result.keyId, ciphertextBlob: result.ciphertextBlob.toString('base64') };
  } finally {
    plaintext.fill(0);
  }
});

/**
 * The plaintext goes back only to the user who asked, as base64: it may be any bytes (the browser shows it
 * as text when it is UTF-8). Giving the page's key ID makes a ciphertext of another key INCORRECT_KEY
 * instead of quietly decrypting under a key the page does not show.
 */
export const decryptTextAction = defineAction('decryptText', ZDecryptTextAction, async (ctx, actor, { keyId, ciphertextBlob, encryptionContext }) => {
  const result = await decrypt(ctx, { actor, keyRef: keyId, ciphertextBlob, encryptionContext });
  try {
    return { keyId: result.keyId, plaintext: result.plaintext.toString('base64') };
  } finally {
    result.plaintext.fill(0);
  }
});
