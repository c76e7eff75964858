import { RootKeyError } from '@/lib/kms';
import { RootKeyMismatchError } from '@/lib/kms';
import { EXIT_CONFIGURATION_ERROR } from './exit-codes.mjs';

export { EXIT_CONFIGURATION_ERROR };

/** A setting that stops start-up; its message names the variable and says how to fix it. */
export class ConfigurationError extends Error {
  /** A message, or an error thrown while reading a setting (its message is kept, it becomes configuration). */
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'ConfigurationError';
  }
}

/** A wrong or unreadable root key is configuration too: every restart would refuse it again. */
export function isConfigurationError(error: unknown): boolean {
  return error instanceof ConfigurationError || error instanceof RootKeyError || error instanceof RootKeyMismatchError;
}

/**
 * The exit status for a start-up failure: 78 for a configuration error (supervisors such as scripts/start.mjs
 * then stop instead of retrying: restarting cannot fix a wrong setting), 1 for anything else (retried).
 */
export function startupExitCode(error: unknown): number {
  return isConfigurationError(error) ? EXIT_CONFIGURATION_ERROR : 1;
}
