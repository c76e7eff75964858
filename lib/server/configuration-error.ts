/**
 * Exit status for a setting that stops start-up (sysexits.h EX_CONFIG). Restarting cannot fix a wrong
 * setting, so supervisors (scripts/start.mjs) treat this status as final instead of retrying.
 */
export const EXIT_CONFIGURATION_ERROR = 78;

/** A setting that stops start-up; its message names the variable and says how to fix it. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** The exit status for a start-up failure: 78 for a configuration error, 1 for anything else. */
export function startupExitCode(error: unknown): number {
  return error instanceof ConfigurationError ? EXIT_CONFIGURATION_ERROR : 1;
}
