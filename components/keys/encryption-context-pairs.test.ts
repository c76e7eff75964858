// The online tool's encryption context, from the rows a person typed to the domain: keys named like
// Object.prototype members are bound like any other key (crypto-input.ts builds the map with own properties).
import { describe, expect, it } from 'vitest';
import { ZDecryptTextAction, ZEncryptTextAction } from '@/app/(console)/keys/[keyId]/crypto-input';
import { createKey, decrypt, encrypt } from '@/lib/kms';
import { codeOf, createTestContext, principal } from '@/lib/kms/testing/test-context';
import { readContextRows } from './crypto-tool-input';

const rows = (pairs: Array<[string, string]>) => readContextRows(pairs.map(([key, value], id) => ({ id, key, value }))).pairs;

describe('console encryption context rows', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('binds a row keyed %j: needed to decrypt, with its value', async (name) => {
    const { ctx } = createTestContext();
    const actor = principal();
    const key = await createKey(ctx, { actor, alias: 'console-context', origin: 'KMS' });
    const encryptInput = ZEncryptTextAction.parse({ keyId: key.id, plaintext: 'secret', encryptionContext: rows([[name, 'x']]) });
    expect(Object.keys(encryptInput.encryptionContext ?? {})).toEqual([name]);
    const { ciphertextBlob } = await encrypt(ctx, { actor, keyRef: key.id, ...encryptInput });
    const decryptWith = (pairs: Array<[string, string]>) => {
      const input = ZDecryptTextAction.parse({ keyId: key.id, ciphertextBlob: ciphertextBlob.toString('base64'), encryptionContext: rows(pairs) });
      return decrypt(ctx, { actor, keyRef: key.id, ...input });
    };
    expect(await codeOf(decryptWith([]))).toBe('CIPHERTEXT_INVALID');
    expect(await codeOf(decryptWith([[name, 'y']]))).toBe('CIPHERTEXT_INVALID');
    expect((await decryptWith([[name, 'x']])).plaintext.toString()).toBe('secret');
  });
});
