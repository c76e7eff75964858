// Hostile alias names and descriptions (issue 9's catalogue, SPEC §1): markup, bidi and zero-width
// characters, NFC/NFD twins, lengths at and past the bounds, and 20 racing creations of one alias.
// (Which format characters descriptions accept is another change's: only U+202E, a C0 control and a lone
// surrogate are checked here.)
import { CreateAliasCommand, DescribeKeyCommand, ListAliasesCommand, UpdateKeyDescriptionCommand } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { createKey, kmsClient, uniqueName } from './support/client';
import { race } from './support/outcomes';
import { adminRequest } from './support/raw-http';
import { expectRefusedUnchanged, keySnapshot } from './support/refusals';

const client = kmsClient();
const MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;&#60;';
// The wording of this refusal may change with the accepted set; "not allowed" is its point.
// Each refused class has its own wording (lib/kms/validation.ts); all of them end alike.
const UNSAFE_CHARACTERS = { type: 'ValidationException', message: /(are not allowed|are not valid Unicode text)\.$/ };
const BAD_ALIAS = { type: 'ValidationException', message: '1–255 characters: letters, digits' };

async function aliasNamesOf(keyId: string): Promise<string[]> {
  const { Aliases } = await client.send(new ListAliasesCommand({ KeyId: keyId }));
  return (Aliases ?? []).map((alias) => alias.AliasName!);
}

/** A name of exactly `length` characters that is unique to this run. */
function uniqueOfLength(length: number): string {
  const base = uniqueName('n');
  return (base + 'x'.repeat(Math.max(0, length - base.length))).slice(0, length);
}

describe('hostile alias names', () => {
  it('refuses markup, bidi, zero-width, non-ASCII (NFC and NFD alike) and look-alike names; the key keeps its aliases', async () => {
    const { KeyId } = await createKey(client);
    const names = [MARKUP, 'safe\u202Eexe.txt', 'zero\u200Bwidth', 'zw\u200Djoiner', 'byte\uFEFForder', 'caf\u00e9', 'cafe\u0301', 'p\u0430ypal', 'tab\there', 'new\nline'];
    for (const name of names) {
      await expectRefusedUnchanged(client, { keyId: KeyId, call: () => client.send(new CreateAliasCommand({ AliasName: `alias/${name}`, TargetKeyId: KeyId })), ...BAD_ALIAS });
    }
    expect(await aliasNamesOf(KeyId)).toEqual([]);
  });

  it('accepts a name of 255 characters after alias/ and resolves it; refuses 0, 256 and 10 000', async () => {
    const { KeyId } = await createKey(client);
    const longest = `alias/${uniqueOfLength(255)}`;
    await client.send(new CreateAliasCommand({ AliasName: longest, TargetKeyId: KeyId }));
    expect((await client.send(new DescribeKeyCommand({ KeyId: longest }))).KeyMetadata?.KeyId).toBe(KeyId);
    for (const length of [0, 256, 10_000]) {
      await expectRefusedUnchanged(client, {
        keyId: KeyId,
        call: () => client.send(new CreateAliasCommand({ AliasName: `alias/${uniqueOfLength(length)}`, TargetKeyId: KeyId })),
        ...BAD_ALIAS,
      });
    }
    expect(await aliasNamesOf(KeyId)).toEqual([longest]);
  });

  it('gives one name to exactly one of 20 racing CreateAlias calls for 20 keys; the others get AlreadyExistsException', async () => {
    const keys = await Promise.all(Array.from({ length: 20 }, () => createKey(client)));
    const aliasName = `alias/${uniqueName('race')}`;
    const results = await race(keys.length, (racer, i) => racer.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: keys[i]!.KeyId })));
    expect(results.filter((r) => r === 'ok'), results.join(', ')).toHaveLength(1);
    expect(results.filter((r) => r === 'AlreadyExistsException'), results.join(', ')).toHaveLength(19);
    const winner = keys[results.indexOf('ok')]!.KeyId;
    expect((await client.send(new DescribeKeyCommand({ KeyId: aliasName }))).KeyMetadata?.KeyId).toBe(winner);
    for (const key of keys) expect(await aliasNamesOf(key.KeyId)).toEqual(key.KeyId === winner ? [aliasName] : []);
  });

  it('gives one name to exactly one of 20 racing CreateAlias calls for the same key', async () => {
    const { KeyId } = await createKey(client);
    const aliasName = `alias/${uniqueName('race-one-key')}`;
    const results = await race(20, (racer) => racer.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: KeyId })));
    expect(results.filter((r) => r === 'ok'), results.join(', ')).toHaveLength(1);
    expect(results.filter((r) => r === 'AlreadyExistsException'), results.join(', ')).toHaveLength(19);
    expect(await aliasNamesOf(KeyId)).toEqual([aliasName]);
  });
});

describe('hostile descriptions', () => {
  it('stores markup verbatim and answers it as JSON, neither escaped nor stripped', async () => {
    const { KeyId } = await createKey(client, { Description: MARKUP });
    expect((await keySnapshot(client, KeyId)).Description).toBe(MARKUP);
    const response = await adminRequest('DescribeKey', { KeyId });
    expect(response.headers['content-type']).toMatch(/^application\/x-amz-json-1\.1\b/);
    expect((response.json!.KeyMetadata as { Description: string }).Description).toBe(MARKUP);
  });

  it('accepts 0 and 255 characters (255 emoji are 510 UTF-16 units), refuses 256 and 10 000, the key unchanged', async () => {
    const { KeyId } = await createKey(client, { Description: 'before' });
    for (const description of ['', 'd'.repeat(255), '\u{1F600}'.repeat(255)]) {
      await client.send(new UpdateKeyDescriptionCommand({ KeyId, Description: description }));
      expect((await keySnapshot(client, KeyId)).Description).toBe(description);
    }
    for (const description of ['d'.repeat(256), '\u{1F600}'.repeat(256), 'd'.repeat(10_000)]) {
      await expectRefusedUnchanged(client, {
        keyId: KeyId,
        call: () => client.send(new UpdateKeyDescriptionCommand({ KeyId, Description: description })),
        type: 'ValidationException',
        message: 'At most 255 characters',
      });
    }
  });

  it('stores NFC and NFD twins each exactly as given', async () => {
    const nfc = 'Caf\u00e9 cr\u00e8me';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const [a, b] = await Promise.all([createKey(client, { Description: nfc }), createKey(client, { Description: nfd })]);
    expect((await keySnapshot(client, a.KeyId)).Description).toBe(nfc);
    expect((await keySnapshot(client, b.KeyId)).Description).toBe(nfd);
  });

  it('refuses the bidi override U+202E, a C0 control and a lone surrogate with ValidationException, the key unchanged', async () => {
    const { KeyId } = await createKey(client, { Description: 'kept' });
    for (const description of ['invoice\u202Efdp.exe', 'bell\u0007', 'nul\u0000', 'half \uD800 pair', 'other half \uDC00']) {
      await expectRefusedUnchanged(client, {
        keyId: KeyId,
        call: () => client.send(new UpdateKeyDescriptionCommand({ KeyId, Description: description })),
        ...UNSAFE_CHARACTERS,
      });
    }
    await expectRefusedUnchanged(client, {
      keyId: KeyId,
      call: () => createKey(client, { Description: 'bidi\u202Ecreate' }),
      ...UNSAFE_CHARACTERS,
    });
  });
});
