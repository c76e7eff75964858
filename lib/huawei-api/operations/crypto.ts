import { z } from 'zod';
import { decrypt, encrypt, KEY_ID_PATTERN, MAX_PLAINTEXT_BYTES } from '@/lib/kms';
import { aadContext, base64, MAX_AAD_BYTES, parseHuawei, ZAad, ZBase64, ZHuaweiKeyId } from '../shapes';
import type { THuaweiOperation } from './operation';
import { withHuaweiCodes } from './refusals';

// encrypt-data and decrypt-data: the same ciphertext blob as the AWS API (SPEC §12), base64 on the wire, the
// AAD bound as the encryption context {"additional_authenticated_data": A} (shapes.ts, aadContext).

const ZEncryptionAlgorithm = z.literal('SYMMETRIC_DEFAULT', { error: 'Keyfort keys are symmetric: only SYMMETRIC_DEFAULT.' }).optional();

/** Huawei's plain_text is text: 1–4096 bytes once UTF-8 encoded (SPEC §6's plaintext bound). */
const ZPlainText = z
  .string()
  .transform((text) => Buffer.from(text, 'utf8'))
  .refine((bytes) => bytes.length >= 1 && bytes.length <= MAX_PLAINTEXT_BYTES, `1–${MAX_PLAINTEXT_BYTES} bytes of UTF-8 text.`);

export const ZEncryptData = z.object({
  key_id: ZHuaweiKeyId,
  plain_text: ZPlainText,
  encryption_algorithm: ZEncryptionAlgorithm,
  additional_authenticated_data: ZAad,
});

/**
 * ZEncryptData's output for the body SDKs send, recognised without zod (the data plane's hot path); undefined
 * leaves the body, and every refusal's wording and code, to the schema. crypto.test.ts holds it to the schema.
 */
export function plainEncryptData(body: Record<string, unknown>): z.output<typeof ZEncryptData> | undefined {
  const { key_id: keyId, plain_text: text, encryption_algorithm: algorithm, additional_authenticated_data: aad } = body;
  if (typeof keyId !== 'string' || !KEY_ID_PATTERN.test(keyId) || typeof text !== 'string') return undefined;
  if (algorithm !== undefined && algorithm !== 'SYMMETRIC_DEFAULT') return undefined;
  if (aad !== undefined && (typeof aad !== 'string' || Buffer.byteLength(aad, 'utf8') > MAX_AAD_BYTES)) return undefined;
  const plaintext = Buffer.from(text, 'utf8');
  if (plaintext.length < 1 || plaintext.length > MAX_PLAINTEXT_BYTES) {
    plaintext.fill(0);
    return undefined;
  }
  return { key_id: keyId, plain_text: plaintext, encryption_algorithm: algorithm, additional_authenticated_data: aad };
}

export const EncryptData: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const input =
      plainEncryptData(body) ?? parseHuawei(ZEncryptData, body, { key_id: 'KMS.0205', plain_text: 'KMS.2101', encryption_algorithm: 'KMS.0308' });
    try {
      const result = await encrypt(ctx, {
        actor,
        keyRef: input.key_id,
        plaintext: input.plain_text,
        encryptionContext: aadContext(input.additional_authenticated_data),
      });
      return { status: 200, payload: { key_id: result.keyId, cipher_text: base64(result.ciphertextBlob) } };
    } finally {
      input.plain_text.fill(0);
    }
  },
};

const ZDecryptData = z.object({
  cipher_text: ZBase64,
  // Optional, as in Huawei's newer API: when given, a ciphertext of another key is refused (INCORRECT_KEY).
  key_id: ZHuaweiKeyId.optional(),
  encryption_algorithm: ZEncryptionAlgorithm,
  additional_authenticated_data: ZAad,
});

export const DecryptData: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const input = parseHuawei(ZDecryptData, body, { cipher_text: 'KMS.2201', key_id: 'KMS.0205', encryption_algorithm: 'KMS.0308' });
    const result = await withHuaweiCodes(
      decrypt(ctx, {
        actor,
        ciphertextBlob: input.cipher_text,
        keyRef: input.key_id,
        encryptionContext: aadContext(input.additional_authenticated_data),
      }),
      { CIPHERTEXT_INVALID: 'KMS.2201' },
    );
    try {
      // plain_text is the UTF-8 reading, as Huawei answers; data encrypted as bytes (AWS API) is exact in plain_text_base64.
      return {
        status: 200,
        payload: { key_id: result.keyId, plain_text: result.plaintext.toString('utf8'), plain_text_base64: base64(result.plaintext) },
      };
    } finally {
      result.plaintext.fill(0);
    }
  },
};
