// A hostile request must be refused with its exact AWS error and change nothing: these helpers read the key
// back before and after the refusal and compare every field a change could touch.
import { DescribeKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { expect } from 'vitest';
import { expectKmsError } from './client';

export interface TRefusal {
  /** The AWS exception name (`__type`). */
  type: string;
  /** A meaningful part of the message. */
  message: string | RegExp;
}

/** Everything DescribeKey shows that an operation could change; dates as epoch milliseconds. */
export interface TKeySnapshot {
  KeyState?: string;
  Enabled?: boolean;
  Description?: string;
  CurrentKeyMaterialId: string | null;
  ExpirationModel: string | null;
  ValidTo: number | null;
  DeletionDate: number | null;
}

export async function keySnapshot(client: KMSClient, keyId: string): Promise<TKeySnapshot> {
  const { KeyMetadata: metadata } = await client.send(new DescribeKeyCommand({ KeyId: keyId }));
  if (!metadata) throw new Error('DescribeKey returned no KeyMetadata');
  return {
    KeyState: metadata.KeyState,
    Enabled: metadata.Enabled,
    Description: metadata.Description,
    CurrentKeyMaterialId: metadata.CurrentKeyMaterialId ?? null,
    ExpirationModel: metadata.ExpirationModel ?? null,
    ValidTo: metadata.ValidTo?.getTime() ?? null,
    DeletionDate: metadata.DeletionDate?.getTime() ?? null,
  };
}

/** The call is refused with exactly this exception (HTTP 400) and a message saying why. */
export async function expectRefused(call: Promise<unknown>, refusal: TRefusal): Promise<void> {
  const error = await expectKmsError(call, refusal.type);
  if (typeof refusal.message === 'string') expect(error.message).toContain(refusal.message);
  else expect(error.message).toMatch(refusal.message);
}

/** As expectRefused, and the key reads back exactly as before the call. */
export async function expectRefusedUnchanged(
  client: KMSClient,
  options: { keyId: string; call: () => Promise<unknown> } & TRefusal,
): Promise<void> {
  const before = await keySnapshot(client, options.keyId);
  await expectRefused(options.call(), options);
  expect(await keySnapshot(client, options.keyId)).toEqual(before);
}
