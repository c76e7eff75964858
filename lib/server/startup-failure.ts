import { RootKeyError } from '@/lib/kms/crypto/root-key';
import { RootKeyMismatchError } from '@/lib/kms/crypto/root-key-check';
import { describeStartupError } from './describe-error';
import { EXIT_CONFIGURATION_ERROR } from './exit-codes.mjs';

/** A malformed or refused setting: the operator must change it, restarting will not help. */
export class ConfigurationError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'ConfigurationError';
  }
}

/** Reads settings; whatever it throws is a ConfigurationError. */
export function readSettings<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new ConfigurationError(error);
  }
}

/** A wrong or unreadable root key is configuration too: every restart would refuse it again. */
export function isConfigurationError(error: unknown): boolean {
  return error instanceof ConfigurationError || error instanceof RootKeyError || error instanceof RootKeyMismatchError;
}

/** Ends a process that cannot start: status 78 for configuration errors (its supervisor stops), else 1 (restarted). */
export function exitOnStartupError(what: string, error: unknown): never {
  console.error(`[keyfort] ${what}: ${describeStartupError(error)}`);
  process.exit(isConfigurationError(error) ? EXIT_CONFIGURATION_ERROR : 1);
}
