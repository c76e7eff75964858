import { z } from 'zod';
import { decodeBase64, decrypt, encrypt, generateDataKey, generateDataKeyWithoutPlaintext, KmsError, ZEncryptionContextInput } from '@/lib/kms';
import { keyArn, toKeyRef } from '../key-ref';
import { blob, ZBlob, ZGrantTokens } from '../shapes';
import { JsonText } from '../protocol';
import { operation } from './operation';

// The data plane: the API's hot path. Plaintexts leave only in the response they are meant for, and the
// buffers holding them are zeroed once encoded. Encrypt and Decrypt write their answers as JSON text
// (JsonText) rather than building an object to serialise: every value is base64, hex, or an ARN made of a
// region the signature check allowed ([a-z0-9-]), a 12-digit account and a UUID, none of which JSON escapes.

const SYMMETRIC_DEFAULT = 'SYMMETRIC_DEFAULT';
const ZEncryptionAlgorithm = z.literal(SYMMETRIC_DEFAULT, { error: `Keyfort keys are symmetric: only ${SYMMETRIC_DEFAULT}.` }).optional();

/** A dry run would need the permission checks without the operation; Keyfort does not offer it. */
const ZDryRun = z.boolean().optional();
function refuseDryRun(dryRun: boolean | undefined): void {
  if (dryRun) throw new KmsError('UNSUPPORTED', 'Keyfort does not support DryRun.');
}

/**
 * AWS seals the answer for a Nitro enclave's attested public key when Recipient is given. Keyfort cannot
 * verify an attestation document, and answering in clear instead would hand the plaintext to a caller who
 * asked that it never leave the enclave unsealed: refused before anything is decrypted or generated.
 */
const ZRecipient = z.object({ KeyEncryptionAlgorithm: z.string().optional(), AttestationDocument: z.string().optional() }).optional();
function refuseRecipient(recipient: object | undefined): void {
  if (recipient !== undefined) {
    throw new KmsError('UNSUPPORTED', 'Keyfort does not support Recipient (Nitro Enclaves attestation). Omit it to receive the plaintext in the response.');
  }
}

/**
 * The body SDKs send for a plain call (string fields, all named in `allowed`), recognised without zod: on
 * the hot path the schema costs as much as a tenth of the request. Anything else goes through the schema,
 * which also words every refusal.
 */
function plainStrings(body: Record<string, unknown>, allowed: readonly string[]): Record<string, string | undefined> | undefined {
  for (const name in body) if (!allowed.includes(name) || typeof body[name] !== 'string') return undefined;
  return body as Record<string, string | undefined>;
}

/** Encrypt's and Decrypt's plain body: an optional KeyId and the base64 field `blobField`, decoded. */
function plainBlobBody(body: Record<string, unknown>, blobField: string): { KeyId: string | undefined; bytes: Buffer } | undefined {
  const fields = plainStrings(body, ['KeyId', blobField]);
  const encoded = fields?.[blobField];
  const bytes = encoded === undefined ? null : decodeBase64(encoded);
  return bytes ? { KeyId: fields!.KeyId, bytes } : undefined;
}

/** What Encrypt and Decrypt both accept after their own fields, in AWS's order. */
const CIPHER_OPTIONS = {
  EncryptionContext: ZEncryptionContextInput.optional(),
  EncryptionAlgorithm: ZEncryptionAlgorithm,
  GrantTokens: ZGrantTokens,
  DryRun: ZDryRun,
};

function handOver(bytes: Buffer): string {
  try {
    return blob(bytes);
  } finally {
    bytes.fill(0);
  }
}

export const ZEncryptRequest = z.object({ KeyId: z.string(), Plaintext: ZBlob, ...CIPHER_OPTIONS });

/** ZEncryptRequest's output for the plain body SDKs send, without zod; undefined leaves it to the schema. */
export function plainEncryptRequest(body: Record<string, unknown>): z.output<typeof ZEncryptRequest> | undefined {
  const plain = plainBlobBody(body, 'Plaintext');
  if (plain?.KeyId !== undefined) return { KeyId: plain.KeyId, Plaintext: plain.bytes };
  // Left to the schema, which decodes again and words the refusal: this copy of the plaintext goes now.
  plain?.bytes.fill(0);
  return undefined;
}

export const ZDecryptRequest = z.object({
  CiphertextBlob: ZBlob,
  KeyId: z.string().optional(),
  ...CIPHER_OPTIONS,
  Recipient: ZRecipient,
  // Only qualifies DryRun, which is refused: without it, it changes nothing.
  DryRunModifiers: z.array(z.string()).optional(),
});

/** ZDecryptRequest's output for the plain body SDKs send, without zod; undefined leaves it to the schema. */
export function plainDecryptRequest(body: Record<string, unknown>): z.output<typeof ZDecryptRequest> | undefined {
  const plain = plainBlobBody(body, 'CiphertextBlob');
  return plain && { CiphertextBlob: plain.bytes, KeyId: plain.KeyId };
}

export const Encrypt = operation(
  ZEncryptRequest,
  async ({ ctx, actor, scope }, input) => {
    refuseDryRun(input.DryRun);
    try {
      const result = await encrypt(ctx, {
        actor,
        keyRef: toKeyRef(input.KeyId, scope.accountId),
        plaintext: input.Plaintext,
        encryptionContext: input.EncryptionContext,
      });
      // No KeyMaterialId: AWS's EncryptResponse has none (SDK 3.1164); Decrypt of the blob names it.
      const arn = keyArn(scope, result.keyId);
      return new JsonText(`{"CiphertextBlob":"${blob(result.ciphertextBlob)}","KeyId":"${arn}","EncryptionAlgorithm":"${SYMMETRIC_DEFAULT}"}`, arn);
    } finally {
      input.Plaintext.fill(0);
    }
  },
  { fastParse: plainEncryptRequest },
);

export const Decrypt = operation(
  ZDecryptRequest,
  async ({ ctx, actor, scope }, input) => {
    refuseDryRun(input.DryRun);
    refuseRecipient(input.Recipient);
    const result = await decrypt(ctx, {
      actor,
      ciphertextBlob: input.CiphertextBlob,
      keyRef: input.KeyId === undefined ? undefined : toKeyRef(input.KeyId, scope.accountId),
      encryptionContext: input.EncryptionContext,
    });
    const arn = keyArn(scope, result.keyId);
    // KeyMaterialId: the version the blob names (SPEC §11), which after a rotation need not be the CURRENT one.
    return new JsonText(
      `{"KeyId":"${arn}","Plaintext":"${handOver(result.plaintext)}","EncryptionAlgorithm":"${SYMMETRIC_DEFAULT}","KeyMaterialId":"${result.materialId}"}`,
      arn,
    );
  },
  { fastParse: plainDecryptRequest },
);

const ZGenerateDataKey = z.object({
  KeyId: z.string(),
  KeySpec: z.enum(['AES_256', 'AES_128']).optional(),
  NumberOfBytes: z.int().optional(),
  EncryptionContext: ZEncryptionContextInput.optional(),
  GrantTokens: ZGrantTokens,
  DryRun: ZDryRun,
  // GenerateDataKey's member; GenerateDataKeyWithoutPlaintext has none, and refusing it there too costs nothing.
  Recipient: ZRecipient,
});

function dataKeyOptions(input: z.output<typeof ZGenerateDataKey>, accountId: string) {
  refuseDryRun(input.DryRun);
  refuseRecipient(input.Recipient);
  return {
    keyRef: toKeyRef(input.KeyId, accountId),
    keySpec: input.KeySpec,
    numberOfBytes: input.NumberOfBytes,
    encryptionContext: input.EncryptionContext,
  };
}

export const GenerateDataKey = operation(ZGenerateDataKey, async ({ ctx, actor, scope }, input) => {
  const result = await generateDataKey(ctx, { actor, ...dataKeyOptions(input, scope.accountId) });
  return {
    CiphertextBlob: blob(result.ciphertextBlob),
    Plaintext: handOver(result.plaintext),
    KeyId: keyArn(scope, result.keyId),
    KeyMaterialId: result.materialId,
  };
});

export const GenerateDataKeyWithoutPlaintext = operation(ZGenerateDataKey, async ({ ctx, actor, scope }, input) => {
  const result = await generateDataKeyWithoutPlaintext(ctx, { actor, ...dataKeyOptions(input, scope.accountId) });
  return { CiphertextBlob: blob(result.ciphertextBlob), KeyId: keyArn(scope, result.keyId), KeyMaterialId: result.materialId };
});
