'use server';

import { z } from 'zod';
import { createAccessKey, revokeAccessKey } from '@/lib/kms';
import { ROLES } from '@/lib/kms/types';
import { ZAccessKeyId, ZDescription } from '@/lib/kms';
import { defineAction } from '@/lib/server/action';

// Access keys for the AWS-compatible API. The domain checks the role (access-keys:manage) and audits both
// actions; the page refreshes its list afterwards.

/**
 * The secret goes to the administrator who created the key, in this response only: Keyfort keeps it
 * sealed and never returns it again, so the console shows it once and forgets it when the dialog closes.
 */
export const createAccessKeyAction = defineAction('createAccessKey',
  z.object({ role: z.enum(ROLES), description: ZDescription.default('') }),
  async (ctx, actor, { role, description }) => {
    const { accessKey, secretAccessKey } = await createAccessKey(ctx, { actor, role, description });
    return { accessKeyId: accessKey.id, secretAccessKey };
  },
);

export const revokeAccessKeyAction = defineAction('revokeAccessKey', z.object({ accessKeyId: ZAccessKeyId }), async (ctx, actor, { accessKeyId }) => {
  await revokeAccessKey(ctx, { actor, accessKeyId });
  return { accessKeyId };
});
