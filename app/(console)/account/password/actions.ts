'use server';

import { z } from 'zod';
import { changePassword } from '@/lib/auth/change-password';
import { MIN_ADMIN_PASSWORD_LENGTH } from '@/lib/auth/constants';
import { defineAction } from '@/lib/server/action';

const ZChangePasswordInput = z
  .object({
    currentPassword: z.string().min(1).max(128),
    newPassword: z.string().min(MIN_ADMIN_PASSWORD_LENGTH).max(128),
    confirmPassword: z.string().min(1).max(128),
  })
  .refine((input) => input.newPassword === input.confirmPassword, { path: ['confirmPassword'] });

/** Neither password ever comes back or reaches a log; the outcome is all the form needs. */
export const changePasswordAction = defineAction('changePassword', ZChangePasswordInput, async (_ctx, actor, { currentPassword, newPassword }) => ({
  outcome: await changePassword(actor, { currentPassword, newPassword }),
}));
