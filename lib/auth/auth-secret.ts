import type { Keyring } from '@/lib/kms';

// Better Auth signs session cookies with this; shorter secrets are guessable offline from one cookie.
const MIN_SECRET_LENGTH = 32;

/**
 * KEYFORT_AUTH_SECRET when set (several instances without a shared root key file, or rotating the cookie
 * secret alone); otherwise derived from the root key, so a fresh install needs no extra set-up and every
 * instance with the same root key agrees. Derivation (HKDF, its own label) keeps the root key itself inside
 * the keyring.
 */
export function resolveAuthSecret(options: {
  env: Record<string, string | undefined>;
  keyring: Pick<Keyring, 'deriveSecret'>;
}): string {
  const configured = options.env.KEYFORT_AUTH_SECRET;
  if (configured !== undefined && configured !== '') {
    if (configured.length < MIN_SECRET_LENGTH) {
      throw new Error(
        `KEYFORT_AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 32\`); ` +
          'unset it to derive one from the root key.',
      );
    }
    return configured;
  }
  const derived = options.keyring.deriveSecret({ name: 'auth-secret' });
  try {
    return derived.toString('base64url');
  } finally {
    derived.fill(0);
  }
}
