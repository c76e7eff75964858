import { z } from 'zod';
import { ROLES } from './types';

// Boundary schemas of the people operations, shared with the console.

/** RFC 5321 caps a path at 254 characters. Stored and compared lower-case, as Better Auth does. */
export const ZPersonEmail = z
  .string()
  .trim()
  .pipe(z.email().max(254))
  .transform((email) => email.toLowerCase());

/** A display name: no control or format characters (they would make the name render as something else). */
export const ZPersonName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((name) => !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(name), 'Control and format characters are not allowed.');

export const ZRole = z.enum(ROLES);

/** A person's ID as Keyfort creates it (a UUID) or Better Auth does (its own random IDs): plain and short. */
export const ZPersonId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a person ID.');

export const ZAddPersonInput = z.object({ email: ZPersonEmail, name: ZPersonName, role: ZRole });
export const ZChangeRoleInput = z.object({ userId: ZPersonId, role: ZRole });
export const ZPersonRef = z.object({ userId: ZPersonId });

/** The token of a set-password link: 32 random bytes, base64url (43 characters). */
export const ZPasswordLinkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Not a set-password link.');

/**
 * The same bounds as the administrator's set-up (lib/auth/constants.ts MIN_ADMIN_PASSWORD_LENGTH, Better
 * Auth's maxPasswordLength); people-validation.test.ts keeps them equal. Never trimmed or normalised.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
export const ZNewPassword = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);

export const ZSetPasswordInput = z.object({ token: ZPasswordLinkToken, password: ZNewPassword });
