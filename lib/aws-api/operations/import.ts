import { z } from 'zod';
import { deleteKeyMaterial, describeKey, getImportParameters, importKeyMaterial, KmsError } from '@/lib/kms';
import { keyArn, toKeyId } from '../key-ref';
import { blob, epochSeconds, ZBlob, ZTimestamp } from '../shapes';
import { operation, type TOperationEnv } from './operation';

// Bring your own key, AWS-style. The domain checks algorithms, specs, tokens and expiry rules; these
// schemas only translate AWS's field names and encodings.

export const GetParametersForImport = operation(
  z.object({ KeyId: z.string(), WrappingAlgorithm: z.string(), WrappingKeySpec: z.string() }),
  async ({ ctx, actor, scope }, input) => {
    const keyId = await toKeyId(ctx, input.KeyId, scope.accountId);
    const parameters = await getImportParameters(ctx, {
      actor,
      keyId,
      // Typed loosely on purpose: the domain schema refuses unknown (and PKCS #1 v1.5) values with a reason.
      wrappingAlgorithm: input.WrappingAlgorithm as never,
      wrappingKeySpec: input.WrappingKeySpec as never,
    });
    return {
      KeyId: keyArn(scope, parameters.keyId),
      ImportToken: blob(parameters.importToken),
      PublicKey: blob(parameters.publicKeyDer),
      ParametersValidTo: epochSeconds(parameters.parametersValidTo),
    };
  },
);

const NEW_KEY_MATERIAL = 'NEW_KEY_MATERIAL';

/**
 * AWS's material versions (2025): a Keyfort key holds one material for life (SPEC §4), which is AWS's
 * behaviour for EXISTING_KEY_MATERIAL, and for NEW_KEY_MATERIAL on a key that never had material. A request
 * for a second version, or naming a version the key does not have, is refused rather than taken for a plain
 * re-import. The key is read only when the request names a type or a version.
 */
async function assertOnlyMaterialVersion(
  { ctx, actor }: TOperationEnv,
  options: { keyId: string; importType?: string; keyMaterialId?: string },
): Promise<void> {
  if (options.importType !== NEW_KEY_MATERIAL && options.keyMaterialId === undefined) return;
  if (options.importType === NEW_KEY_MATERIAL && options.keyMaterialId !== undefined) {
    throw new KmsError('VALIDATION', 'KeyMaterialId names existing material; it cannot be given with ImportType NEW_KEY_MATERIAL.');
  }
  const { material } = await describeKey(ctx, { actor, keyRef: options.keyId });
  if (options.importType === NEW_KEY_MATERIAL && material.materialId !== null) {
    throw new KmsError(
      'UNSUPPORTED',
      'Keyfort keys hold one key material for life: NEW_KEY_MATERIAL is accepted only for the first import. Re-import the same material with ImportType EXISTING_KEY_MATERIAL.',
    );
  }
  if (options.keyMaterialId !== undefined && options.keyMaterialId !== material.materialId) {
    throw new KmsError('NOT_FOUND', "The key has no key material with this KeyMaterialId: a Keyfort key holds one material, its CurrentKeyMaterialId.");
  }
}

const EXPIRES = 'KEY_MATERIAL_EXPIRES';
const DOES_NOT_EXPIRE = 'KEY_MATERIAL_DOES_NOT_EXPIRE';

const ZImportKeyMaterial = z
  .object({
    KeyId: z.string(),
    ImportToken: ZBlob,
    EncryptedKeyMaterial: ZBlob,
    ValidTo: ZTimestamp.optional(),
    // AWS's default: material that expires, which is why ValidTo is then required.
    ExpirationModel: z.enum([EXPIRES, DOES_NOT_EXPIRE]).default(EXPIRES),
    ImportType: z.enum(['EXISTING_KEY_MATERIAL', NEW_KEY_MATERIAL]).optional(),
    KeyMaterialId: z.string().optional(),
    KeyMaterialDescription: z.string().optional(),
  })
  .refine((input) => input.ExpirationModel !== EXPIRES || input.ValidTo !== undefined, {
    message: `ValidTo is required when ExpirationModel is ${EXPIRES} (the default); for material that never expires, pass ExpirationModel ${DOES_NOT_EXPIRE}.`,
    path: ['ValidTo'],
  })
  .refine((input) => input.ExpirationModel !== DOES_NOT_EXPIRE || input.ValidTo === undefined, {
    message: `ValidTo must not be given when ExpirationModel is ${DOES_NOT_EXPIRE}.`,
    path: ['ValidTo'],
  });

export const ImportKeyMaterial = operation(ZImportKeyMaterial, async (env, input) => {
  const { ctx, actor, scope } = env;
  if (input.KeyMaterialDescription !== undefined) {
    throw new KmsError('UNSUPPORTED', 'Keyfort does not store a description per key material. Omit KeyMaterialDescription.');
  }
  const keyId = await toKeyId(ctx, input.KeyId, scope.accountId);
  await assertOnlyMaterialVersion(env, { keyId, importType: input.ImportType, keyMaterialId: input.KeyMaterialId });
  const view = await importKeyMaterial(ctx, {
    actor,
    keyId,
    importToken: input.ImportToken,
    encryptedKeyMaterial: input.EncryptedKeyMaterial,
    expiration:
      input.ExpirationModel === EXPIRES ? { model: EXPIRES, validTo: input.ValidTo as Date } : { model: DOES_NOT_EXPIRE },
  });
  return { KeyId: keyArn(scope, view.id), ...(view.material.materialId ? { KeyMaterialId: view.material.materialId } : {}) };
});

export const DeleteImportedKeyMaterial = operation(z.object({ KeyId: z.string(), KeyMaterialId: z.string().optional() }), async (env, input) => {
  const { ctx, actor, scope } = env;
  const keyId = await toKeyId(ctx, input.KeyId, scope.accountId);
  await assertOnlyMaterialVersion(env, { keyId, keyMaterialId: input.KeyMaterialId });
  const view = await deleteKeyMaterial(ctx, { actor, keyId });
  return { KeyId: keyArn(scope, view.id), ...(view.material.materialId ? { KeyMaterialId: view.material.materialId } : {}) };
});
