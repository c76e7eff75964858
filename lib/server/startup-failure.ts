import { ConfigurationError, startupExitCode } from './configuration-error';
import { describeStartupError } from '@/lib/kms';
import { componentLogger } from './logger';

/** Reads settings; whatever it throws is a ConfigurationError. */
export function readSettings<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw error instanceof ConfigurationError ? error : new ConfigurationError(error);
  }
}

/** Ends a process that cannot start: status 78 for configuration errors (its supervisor stops), else 1 (restarted). */
export function exitOnStartupError(what: string, error: unknown): never {
  componentLogger('startup').fatal({ exitCode: startupExitCode(error) }, `${what}: ${describeStartupError(error)}`);
  process.exit(startupExitCode(error));
}
