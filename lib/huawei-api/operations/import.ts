import { z } from 'zod';
import { deleteKeyMaterial, getImportParameters, importKeyMaterial } from '@/lib/kms';
import { HuaweiApiError } from '../protocol';
import { base64, parseHuawei, ZBase64, ZHuaweiKeyId, ZIntegerLike } from '../shapes';
import type { THuaweiOperation } from './operation';
import { withHuaweiCodes } from './refusals';

// Bring your own key, Huawei-style (SPEC §3–§4, §12). The domain checks algorithms, tokens, sizes and the
// binding; these map Huawei's fields and give its refusals their import codes (KMS.26xx, KMS.2701).

const KEY_ID_CODE = { key_id: 'KMS.0205' } as const;

// Huawei's request has no key-spec field: the wrapping key is RSA_2048 (SPEC §12), whose OAEP output is what
// Huawei's length limit on encrypted_key_material fits.
const HUAWEI_WRAPPING_KEY_SPEC = 'RSA_2048';

export const GetParametersForImport: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const input = parseHuawei(z.object({ key_id: ZHuaweiKeyId, wrapping_algorithm: z.string().optional() }), body, KEY_ID_CODE);
    const parameters = await getImportParameters(ctx, {
      actor,
      keyId: input.key_id,
      // Loosely typed on purpose: the domain refuses unknown values, and RSAES_PKCS1_V1_5 with its reason.
      wrappingAlgorithm: input.wrapping_algorithm as never,
      wrappingKeySpec: HUAWEI_WRAPPING_KEY_SPEC,
    });
    return {
      status: 200,
      payload: {
        key_id: parameters.keyId,
        import_token: base64(parameters.importToken),
        // A request's times are epoch seconds (reference, "Key details").
        expiration_time: Math.floor(parameters.parametersValidTo.getTime() / 1000),
        public_key: base64(parameters.publicKeyDer),
      },
    };
  },
};

const ZImportKeyMaterial = z.object({
  key_id: ZHuaweiKeyId,
  import_token: ZBase64,
  encrypted_key_material: ZBase64,
  // Epoch seconds; absent: the material never expires.
  expiration_time: ZIntegerLike.optional(),
});

export const ImportKeyMaterial: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const input = parseHuawei(ZImportKeyMaterial, body, {
      ...KEY_ID_CODE,
      import_token: 'KMS.2605',
      encrypted_key_material: 'KMS.0308',
      expiration_time: 'KMS.2602',
    });
    const validTo = input.expiration_time === undefined ? null : new Date(input.expiration_time * 1000);
    // The domain checks this too (as VALIDATION); checked first here for Huawei's own code.
    if (validTo !== null && validTo.getTime() <= ctx.clock.now().getTime()) {
      throw new HuaweiApiError('KMS.2602', 'expiration_time must be later than now (epoch seconds); omit it for material that never expires.');
    }
    await withHuaweiCodes(
      importKeyMaterial(ctx, {
        actor,
        keyId: input.key_id,
        importToken: input.import_token,
        encryptedKeyMaterial: input.encrypted_key_material,
        expiration: validTo ? { model: 'KEY_MATERIAL_EXPIRES', validTo } : { model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
      }),
      {
        TOKEN_EXPIRED: 'KMS.2601',
        // Unknown, used, burned or another key's token: not a token for this key.
        TOKEN_INVALID: 'KMS.2603',
        // The material does not unwrap under the token's private key.
        WRAP_INVALID: 'KMS.2605',
        MATERIAL_INCORRECT: (error) => (error.reason === 'wrong-length' ? 'KMS.2604' : 'KMS.2606'),
      },
    );
    return { status: 200 };
  },
};

export const DeleteImportedKeyMaterial: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const { key_id } = parseHuawei(z.object({ key_id: ZHuaweiKeyId }), body, KEY_ID_CODE);
    await withHuaweiCodes(deleteKeyMaterial(ctx, { actor, keyId: key_id }), { INVALID_STATE: 'KMS.2701' });
    return { status: 200 };
  },
};
