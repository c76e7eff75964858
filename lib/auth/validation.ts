import { z } from 'zod';
import { MIN_ADMIN_PASSWORD_LENGTH } from './constants';

// RFC 5321 caps a forward path at 254 characters; Better Auth lowercases emails, so do we.
export const ZEmail = z.email().max(254).transform((email) => email.toLowerCase());

/** Passwords are never trimmed or normalised: what was typed is what is hashed. */
export const ZSignInInput = z.object({
  email: ZEmail,
  password: z.string().min(1).max(128),
});
export type TSignInInput = z.infer<typeof ZSignInInput>;

// A display name: no control or format characters (they would make the name render as something else).
const ZDisplayName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((name) => !/[\p{Cc}\p{Cf}]/u.test(name));

export const ZSetupInput = z
  .object({
    email: ZEmail,
    name: ZDisplayName,
    password: z.string().min(MIN_ADMIN_PASSWORD_LENGTH).max(128),
    confirmPassword: z.string().min(1),
  })
  .refine((input) => input.password === input.confirmPassword, { path: ['confirmPassword'], params: { mismatch: true } });
export type TSetupInput = z.infer<typeof ZSetupInput>;
