import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { decrypt, encrypt, generateDataKey, generateDataKeyWithoutPlaintext, MAX_DATA_KEY_BYTES, type TGenerateDataKeyOptions } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';
import { HuaweiApiError } from '../protocol';
import { aadContext, hex, parseHuawei, ZAad, ZHex, ZHuaweiKeyId, ZIntegerLike } from '../shapes';
import type { THuaweiOperation } from './operation';
import { withHuaweiCodes } from './refusals';

// Data keys for envelope encryption, Huawei-style: hex on the wire, lengths in bits (create) or bytes
// (decrypt/encrypt), and the SHA-256 digest Huawei pairs with a data key. The blob is the AWS API's, so a data
// key made here opens through AWS Decrypt (with the AAD as context) and vice versa.

const MAX_DATAKEY_BITS = MAX_DATA_KEY_BYTES * 8;
const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

const ZCreateDatakey = z.object({
  key_id: ZHuaweiKeyId,
  key_spec: z.enum(['AES_256', 'AES_128']).optional(),
  // Bits, a multiple of 8 in 8–8192 (1–1024 bytes, SPEC §6).
  datakey_length: ZIntegerLike.pipe(
    z.int().min(8).max(MAX_DATAKEY_BITS).refine((bits) => bits % 8 === 0, `A multiple of 8 bits, 8–${MAX_DATAKEY_BITS}.`),
  ).optional(),
  additional_authenticated_data: ZAad,
});

function dataKeyOptions(actor: Principal, body: Record<string, unknown>): TGenerateDataKeyOptions {
  const input = parseHuawei(ZCreateDatakey, body, { key_id: 'KMS.0205', key_spec: 'KMS.0308', datakey_length: 'KMS.1901' });
  if (input.key_spec !== undefined && input.datakey_length !== undefined) {
    throw new HuaweiApiError('KMS.1901', 'Give either key_spec or datakey_length, not both.');
  }
  if (input.key_spec === undefined && input.datakey_length === undefined) {
    throw new HuaweiApiError('KMS.0204', 'Missing parameter key_spec or datakey_length.');
  }
  return {
    actor,
    keyRef: input.key_id,
    ...(input.datakey_length !== undefined ? { numberOfBytes: input.datakey_length / 8 } : { keySpec: input.key_spec }),
    encryptionContext: aadContext(input.additional_authenticated_data),
  };
}

export const CreateDatakey: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const result = await generateDataKey(ctx, dataKeyOptions(actor, body));
    try {
      return { status: 200, payload: { key_id: result.keyId, plain_text: hex(result.plaintext), cipher_text: hex(result.ciphertextBlob) } };
    } finally {
      result.plaintext.fill(0);
    }
  },
};

export const CreateDatakeyWithoutPlaintext: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const result = await generateDataKeyWithoutPlaintext(ctx, dataKeyOptions(actor, body));
    return { status: 200, payload: { key_id: result.keyId, cipher_text: hex(result.ciphertextBlob) } };
  },
};

/** A data key's length in bytes, as decrypt-datakey and encrypt-datakey take it (a string in Huawei's SDKs). */
const ZDatakeyBytes = ZIntegerLike.pipe(z.int().min(1).max(MAX_DATA_KEY_BYTES));

const ZDecryptDatakey = z.object({
  key_id: ZHuaweiKeyId,
  cipher_text: ZHex,
  datakey_cipher_length: ZDatakeyBytes,
  additional_authenticated_data: ZAad,
});

export const DecryptDatakey: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const input = parseHuawei(ZDecryptDatakey, body, { key_id: 'KMS.0205', cipher_text: 'KMS.2201', datakey_cipher_length: 'KMS.1903' });
    const result = await withHuaweiCodes(
      decrypt(ctx, { actor, keyRef: input.key_id, ciphertextBlob: input.cipher_text, encryptionContext: aadContext(input.additional_authenticated_data) }),
      { CIPHERTEXT_INVALID: 'KMS.2201' },
    );
    try {
      if (result.plaintext.length !== input.datakey_cipher_length) {
        throw new HuaweiApiError('KMS.1903', `datakey_cipher_length does not match the data key this ciphertext holds (${result.plaintext.length} bytes).`);
      }
      return {
        status: 200,
        payload: { data_key: hex(result.plaintext), datakey_length: String(result.plaintext.length), datakey_dgst: hex(digest(result.plaintext)) },
      };
    } finally {
      result.plaintext.fill(0);
    }
  },
};

const ZEncryptDatakey = z.object({
  key_id: ZHuaweiKeyId,
  // Huawei's form: the data key followed by its SHA-256 digest (32 bytes), all in hex.
  plain_text: ZHex,
  datakey_plain_length: ZDatakeyBytes,
  additional_authenticated_data: ZAad,
});

export const EncryptDatakey: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const input = parseHuawei(ZEncryptDatakey, body, { key_id: 'KMS.0205', plain_text: 'KMS.2101', datakey_plain_length: 'KMS.1903' });
    const length = input.datakey_plain_length;
    try {
      const dataKey = input.plain_text.subarray(0, length);
      const given = input.plain_text.subarray(length);
      // The digest proves the data key arrived whole; without it a truncated key would be sealed as valid.
      if (input.plain_text.length !== length + 32 || !timingSafeEqual(given, digest(dataKey))) {
        throw new HuaweiApiError('KMS.2101', 'plain_text must be the data key (datakey_plain_length bytes) followed by its SHA-256 digest, in hex.');
      }
      const result = await encrypt(ctx, { actor, keyRef: input.key_id, plaintext: dataKey, encryptionContext: aadContext(input.additional_authenticated_data) });
      return { status: 200, payload: { key_id: result.keyId, cipher_text: hex(result.ciphertextBlob), datakey_length: String(length) } };
    } finally {
      input.plain_text.fill(0);
    }
  },
};
