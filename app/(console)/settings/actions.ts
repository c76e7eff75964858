'use server';

import { z } from 'zod';
import { setMfaPolicy } from '@/lib/kms';
import { defineAction } from '@/lib/server/action';

// Administrators only: the domain checks users:manage and audits SetMfaPolicy (refusals included).
export const setMfaPolicyAction = defineAction('setMfaPolicy', z.object({ required: z.boolean() }), (ctx, actor, { required }) =>
  setMfaPolicy(ctx, { actor, required }),
);
