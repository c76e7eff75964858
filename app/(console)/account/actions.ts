'use server';

import { z } from 'zod';
import { reauthenticate } from '@/lib/auth/reauthenticate';
import { defineAction } from '@/lib/server/action';

/**
 * The re-authentication dialog (components/account/reauthentication-provider.tsx): a correct password makes
 * this session fresh for sensitive actions for 10 minutes. The outcome is all that goes back.
 */
export const reauthenticateAction = defineAction(z.object({ password: z.string().min(1).max(128) }), async (_ctx, actor, { password }) => ({
  outcome: await reauthenticate(actor, { password }),
}));
