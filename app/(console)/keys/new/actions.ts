'use server';

import { z } from 'zod';
import { createKey } from '@/lib/kms';
import { KEY_ORIGINS } from '@/lib/kms/types';
import { ZAlias, ZDescription } from '@/lib/kms';
import { defineAction } from '@/lib/server/action';

const ZCreateKeyFormInput = z
  .object({
    alias: ZAlias,
    description: ZDescription.default(''),
    origin: z.enum(KEY_ORIGINS),
    acknowledgeExternal: z.boolean().default(false),
  })
  // Checked here too, not only by the browser: an imported key the owner cannot recover must be a choice
  // made knowingly, whatever client posted the form.
  .refine((input) => input.origin !== 'EXTERNAL' || input.acknowledgeExternal, {
    path: ['acknowledgeExternal'],
    message: 'The responsibilities of imported key material must be acknowledged.',
  });

export const createKeyAction = defineAction('createKey', ZCreateKeyFormInput, async (ctx, actor, input) => {
  const key = await createKey(ctx, { actor, alias: input.alias, description: input.description, origin: input.origin });
  return { keyId: key.id };
});
