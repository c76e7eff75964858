import { z } from 'zod';
import { deleteKeyMaterial, getImportParameters, importKeyMaterial } from '@/lib/kms';
import { keyArn, toKeyId } from '../key-ref';
import { blob, epochSeconds, ZBlob, ZTimestamp } from '../shapes';
import { operation } from './operation';

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
    // SPEC §11's material versions. The domain checks the id's form, the description's length and that a
    // material id never comes with NEW_KEY_MATERIAL; an unknown ImportType is malformed here already.
    ImportType: z.enum(['EXISTING_KEY_MATERIAL', 'NEW_KEY_MATERIAL']).optional(),
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

export const ImportKeyMaterial = operation(ZImportKeyMaterial, async ({ ctx, actor, scope }, input) => {
  const keyId = await toKeyId(ctx, input.KeyId, scope.accountId);
  const result = await importKeyMaterial(ctx, {
    actor,
    keyId,
    importToken: input.ImportToken,
    encryptedKeyMaterial: input.EncryptedKeyMaterial,
    expiration:
      input.ExpirationModel === EXPIRES ? { model: EXPIRES, validTo: input.ValidTo as Date } : { model: DOES_NOT_EXPIRE },
    importType: input.ImportType,
    materialId: input.KeyMaterialId,
    description: input.KeyMaterialDescription,
  });
  return { KeyId: keyArn(scope, result.id), KeyMaterialId: result.importedMaterialId };
});

/** Without KeyMaterialId the CURRENT version's material goes (SPEC §11); the answer names the version deleted. */
export const DeleteImportedKeyMaterial = operation(
  z.object({ KeyId: z.string(), KeyMaterialId: z.string().optional() }),
  async ({ ctx, actor, scope }, input) => {
    const keyId = await toKeyId(ctx, input.KeyId, scope.accountId);
    const result = await deleteKeyMaterial(ctx, { actor, keyId, materialId: input.KeyMaterialId });
    return { KeyId: keyArn(scope, result.id), KeyMaterialId: result.deletedMaterialId };
  },
);
