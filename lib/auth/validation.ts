import { z } from 'zod';
import { MIN_ADMIN_PASSWORD_LENGTH } from './constants';
import { normaliseSetupCode } from './setup-code';

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

const ZAdministrator = z.object({
  email: ZEmail,
  name: ZDisplayName,
  password: z.string().min(MIN_ADMIN_PASSWORD_LENGTH).max(128),
  confirmPassword: z.string().min(1),
});
const passwordsMatch = (input: { password: string; confirmPassword: string }) => input.password === input.confirmPassword;
const PASSWORDS_DIFFER = { path: ['confirmPassword'], params: { mismatch: true } };

/** The administrator from the environment (KEYFORT_ADMIN_EMAIL): no set-up code. */
export const ZSetupInput = ZAdministrator.refine(passwordsMatch, PASSWORDS_DIFFER);
export type TSetupInput = z.infer<typeof ZSetupInput>;

/** Something shaped like a set-up code; whether it is one of the printed codes is checked later. */
export const ZSetupCode = z
  .string()
  .min(1)
  .max(64)
  .refine((code) => normaliseSetupCode(code) !== null);

/** The set-up page: the administrator and the set-up code printed in the log. */
export const ZSetupPageInput = ZAdministrator.extend({ setupCode: ZSetupCode }).refine(passwordsMatch, PASSWORDS_DIFFER);
