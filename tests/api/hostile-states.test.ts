// Every row of SPEC §2 that must refuse, through the API: the exact error, and the key reads back exactly
// as before. Keys are shared per state across rows: a refusal must leave them as they were, which each row checks.
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  DeleteImportedKeyMaterialCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  GetParametersForImportCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKey, kmsClient, uniqueName } from './support/client';
import { importParameters, sendImport } from './support/import-attempts';
import { wrapWithOpenssl } from './support/openssl';
import { expectRefusedUnchanged, keySnapshot, type TRefusal } from './support/refusals';

const client = kmsClient();

/** A key in a given state, with a token for it (or, for a generated key, borrowed from another) and a wrap to send. */
interface TPreparedKey {
  keyId: string;
  importToken: Uint8Array;
  wrapped: Uint8Array;
}

async function externalKey(options: { material: boolean; then?: 'disable' | 'scheduleDeletion'; wrapOtherMaterial?: boolean }): Promise<TPreparedKey> {
  const { KeyId } = await createKey(client, { Origin: 'EXTERNAL', Description: 'hostile states' });
  const material = randomBytes(32);
  if (options.material) {
    const first = await importParameters(client, KeyId);
    await sendImport(client, { keyId: KeyId, importToken: first.importToken, wrapped: wrapWithOpenssl({ publicKeyDer: first.publicKey, material }) });
  }
  // Obtained before the state change, so only the state can be the reason for a refusal.
  const { importToken, publicKey } = await importParameters(client, KeyId);
  const wrapped = wrapWithOpenssl({ publicKeyDer: publicKey, material: options.wrapOtherMaterial ? randomBytes(32) : material });
  if (options.then === 'disable') await client.send(new DisableKeyCommand({ KeyId }));
  if (options.then === 'scheduleDeletion') await client.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
  return { keyId: KeyId, importToken, wrapped };
}

async function generatedKey(then?: 'disable' | 'scheduleDeletion'): Promise<TPreparedKey> {
  const { KeyId } = await createKey(client, { Description: 'hostile states' });
  if (then === 'disable') await client.send(new DisableKeyCommand({ KeyId }));
  if (then === 'scheduleDeletion') await client.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
  const lender = await externalKey({ material: false });
  return { ...lender, keyId: KeyId };
}

const PREPARERS = {
  'generated, Enabled': () => generatedKey(),
  'generated, Disabled': () => generatedKey('disable'),
  'generated, PendingDeletion': () => generatedKey('scheduleDeletion'),
  'external, PendingImport': () => externalKey({ material: false }),
  'external, Enabled': () => externalKey({ material: true, wrapOtherMaterial: true }),
  'external, Disabled': () => externalKey({ material: true, then: 'disable', wrapOtherMaterial: true }),
  'external with material, PendingDeletion': () => externalKey({ material: true, then: 'scheduleDeletion' }),
  'external without material, PendingDeletion': () => externalKey({ material: false, then: 'scheduleDeletion' }),
};
type TKeyKind = keyof typeof PREPARERS;
const prepared = new Map<TKeyKind, Promise<TPreparedKey>>();
const keyOf = (kind: TKeyKind) => prepared.get(kind) ?? prepared.set(kind, PREPARERS[kind]()).get(kind)!;

const ACTIONS = {
  enable: (k: TPreparedKey) => client.send(new EnableKeyCommand({ KeyId: k.keyId })),
  disable: (k: TPreparedKey) => client.send(new DisableKeyCommand({ KeyId: k.keyId })),
  scheduleDeletion: (k: TPreparedKey) => client.send(new ScheduleKeyDeletionCommand({ KeyId: k.keyId, PendingWindowInDays: 7 })),
  cancelDeletion: (k: TPreparedKey) => client.send(new CancelKeyDeletionCommand({ KeyId: k.keyId })),
  getImportParameters: (k: TPreparedKey) =>
    client.send(new GetParametersForImportCommand({ KeyId: k.keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })),
  importMaterial: (k: TPreparedKey) => sendImport(client, k),
  deleteMaterial: (k: TPreparedKey) => client.send(new DeleteImportedKeyMaterialCommand({ KeyId: k.keyId })),
  updateDescription: (k: TPreparedKey) => client.send(new UpdateKeyDescriptionCommand({ KeyId: k.keyId, Description: 'changed' })),
  createAlias: (k: TPreparedKey) => client.send(new CreateAliasCommand({ AliasName: `alias/${uniqueName('doomed')}`, TargetKeyId: k.keyId })),
  tag: (k: TPreparedKey) => client.send(new TagResourceCommand({ KeyId: k.keyId, Tags: [{ TagKey: 'k', TagValue: 'v' }] })),
  untag: (k: TPreparedKey) => client.send(new UntagResourceCommand({ KeyId: k.keyId, TagKeys: ['k'] })),
};
type TAction = keyof typeof ACTIONS;

const invalidState = (action: TAction, state: string): TRefusal => ({
  type: 'KMSInvalidStateException',
  message: `${action} is not allowed for a key in state ${state}`,
});
const unsupported = (action: TAction): TRefusal => ({ type: 'UnsupportedOperationException', message: `${action} applies only to keys with origin EXTERNAL` });
const otherMaterial: TRefusal = { type: 'IncorrectKeyMaterialException', message: 'a version only accepts its own material' };

const ROWS: [TKeyKind, TAction, TRefusal][] = [
  ['generated, Enabled', 'enable', invalidState('enable', 'ENABLED')],
  ['generated, Enabled', 'cancelDeletion', invalidState('cancelDeletion', 'ENABLED')],
  ['generated, Disabled', 'disable', invalidState('disable', 'DISABLED')],
  ['generated, Disabled', 'cancelDeletion', invalidState('cancelDeletion', 'DISABLED')],
  ...(['getImportParameters', 'importMaterial', 'deleteMaterial'] as const).flatMap((action) =>
    (['generated, Enabled', 'generated, Disabled', 'generated, PendingDeletion'] as const).map(
      (kind) => [kind, action, unsupported(action)] as [TKeyKind, TAction, TRefusal],
    ),
  ),
  ...(['enable', 'disable', 'scheduleDeletion', 'updateDescription', 'createAlias', 'tag', 'untag'] as const).map(
    (action) => ['generated, PendingDeletion', action, invalidState(action, 'PENDING_DELETION')] as [TKeyKind, TAction, TRefusal],
  ),
  ...(['enable', 'disable', 'cancelDeletion', 'deleteMaterial'] as const).map(
    (action) => ['external, PendingImport', action, invalidState(action, 'PENDING_IMPORT')] as [TKeyKind, TAction, TRefusal],
  ),
  ['external, Enabled', 'enable', invalidState('enable', 'ENABLED')],
  ['external, Enabled', 'importMaterial', otherMaterial],
  ['external, Disabled', 'disable', invalidState('disable', 'DISABLED')],
  ['external, Disabled', 'importMaterial', otherMaterial],
  ...(['importMaterial', 'getImportParameters', 'scheduleDeletion', 'enable', 'disable', 'updateDescription'] as const).map(
    (action) => ['external with material, PendingDeletion', action, invalidState(action, 'PENDING_DELETION')] as [TKeyKind, TAction, TRefusal],
  ),
  ['external without material, PendingDeletion', 'importMaterial', invalidState('importMaterial', 'PENDING_DELETION')],
  ['external without material, PendingDeletion', 'getImportParameters', invalidState('getImportParameters', 'PENDING_DELETION')],
];

describe('SPEC §2: every refused transition, through the API', () => {
  it.each(ROWS)('%s: %s is refused', async (kind, action, refusal) => {
    const key = await keyOf(kind);
    await expectRefusedUnchanged(client, { keyId: key.keyId, call: () => ACTIONS[action](key), ...refusal });
  });

  it('leaves a token refused because of the key state usable once the state allows the import', async () => {
    const key = await externalKey({ material: false, then: 'scheduleDeletion' });
    await expectRefusedUnchanged(client, { keyId: key.keyId, call: () => ACTIONS.importMaterial(key), ...invalidState('importMaterial', 'PENDING_DELETION') });
    await client.send(new CancelKeyDeletionCommand({ KeyId: key.keyId }));
    expect((await keySnapshot(client, key.keyId)).KeyState).toBe('PendingImport');
    await ACTIONS.importMaterial(key);
    expect((await keySnapshot(client, key.keyId)).KeyState).toBe('Enabled');
  });
});
