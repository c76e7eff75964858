'use server';

import { z } from 'zod';
import {
  cancelKeyDeletion,
  createAlias,
  deleteAlias,
  disableKey,
  enableKey,
  scheduleKeyDeletion,
  updateKeyDescription,
} from '@/lib/kms';
import { ZAlias, ZDescription, ZKeyId, ZPendingWindowInDays } from '@/lib/kms/validation';
import { defineAction } from '@/lib/server/action';

// One action per lifecycle step, each one domain operation; the page refreshes its data afterwards.
// Only the key ID goes back to the browser: the page re-reads everything else.

const ZKeyRefInput = z.object({ keyId: ZKeyId });

export const enableKeyAction = defineAction(ZKeyRefInput, async (ctx, actor, { keyId }) => {
  await enableKey(ctx, { actor, keyId });
  return { keyId };
});

export const disableKeyAction = defineAction(ZKeyRefInput, async (ctx, actor, { keyId }) => {
  await disableKey(ctx, { actor, keyId });
  return { keyId };
});

export const updateKeyDescriptionAction = defineAction(
  z.object({ keyId: ZKeyId, description: ZDescription }),
  async (ctx, actor, { keyId, description }) => {
    await updateKeyDescription(ctx, { actor, keyId, description });
    return { keyId };
  },
);

export const createAliasAction = defineAction(z.object({ keyId: ZKeyId, alias: ZAlias }), async (ctx, actor, { keyId, alias }) => {
  await createAlias(ctx, { actor, keyId, alias });
  return { keyId };
});

export const deleteAliasAction = defineAction(z.object({ alias: ZAlias }), async (ctx, actor, { alias }) => {
  await deleteAlias(ctx, { actor, alias });
  return { alias };
});

export const scheduleKeyDeletionAction = defineAction(
  z.object({ keyId: ZKeyId, pendingWindowInDays: ZPendingWindowInDays }),
  async (ctx, actor, { keyId, pendingWindowInDays }) => {
    const key = await scheduleKeyDeletion(ctx, { actor, keyId, pendingWindowInDays });
    return { keyId, deletionDate: key.deletionDate };
  },
);

export const cancelKeyDeletionAction = defineAction(ZKeyRefInput, async (ctx, actor, { keyId }) => {
  await cancelKeyDeletion(ctx, { actor, keyId });
  return { keyId };
});
