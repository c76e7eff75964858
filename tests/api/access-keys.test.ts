// Access keys as the API sees them: the owner is the audited actor, and revocation takes effect within 1 s.
// Keys are created and revoked through the domain core in this process (support/domain.ts), as the
// console does; the server under test learns of it only through the shared database.
import { CreateKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKmsError, kmsClient, waitUntil } from './support/client';
import { createRoleAccessKey, openInProcess, revokeRoleAccessKey, type InProcessKeyfort } from './support/domain';

const REVOCATION_BOUND_MS = 1_000;
// Polling every 25 ms plus a loaded 2-core machine: the measured time may exceed the bound by this much.
const SCHEDULING_MARGIN_MS = 250;

let keyfort: InProcessKeyfort;

beforeAll(async () => {
  keyfort = await openInProcess();
});
afterAll(async () => {
  await keyfort?.close();
});

describe('access keys', () => {
  it("records the access key's owner as the actor of what it does", async () => {
    const credentials = await createRoleAccessKey(keyfort, 'KEY_MANAGER');
    const client = kmsClient(credentials);
    const { KeyMetadata } = await client.send(new CreateKeyCommand({ Description: 'made by a key manager access key' }));
    const audit = await keyfort.ctx.store.listAudit({ keyId: KeyMetadata!.KeyId!, action: 'CreateKey', page: 1, pageSize: 10 });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      actorType: 'access-key',
      actorId: credentials.accessKeyId,
      actorName: 'api-tests@example.com',
      result: 'SUCCESS',
    });
  });

  it(`refuses a revoked access key with UnrecognizedClientException within ${REVOCATION_BOUND_MS} ms (+${SCHEDULING_MARGIN_MS} ms margin)`, async () => {
    const credentials = await createRoleAccessKey(keyfort, 'KEY_USER');
    const client = kmsClient(credentials);
    // Warm whatever the server caches about this access key.
    for (let i = 0; i < 3; i++) await client.send(new ListKeysCommand({ Limit: 1 }));

    await revokeRoleAccessKey(keyfort, credentials.accessKeyId);
    const refused = async () => {
      try {
        await client.send(new ListKeysCommand({ Limit: 1 }));
        return false;
      } catch (error) {
        if ((error as Error).name === 'UnrecognizedClientException') return true;
        throw error;
      }
    };
    const elapsed = await waitUntil(refused, { withinMs: REVOCATION_BOUND_MS + SCHEDULING_MARGIN_MS });
    expect(elapsed).toBeLessThanOrEqual(REVOCATION_BOUND_MS + SCHEDULING_MARGIN_MS);
    // And it stays refused.
    await expectKmsError(client.send(new ListKeysCommand({})), 'UnrecognizedClientException');
  });
});
