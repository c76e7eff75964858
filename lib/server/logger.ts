import pino, { type DestinationStream, type Logger } from 'pino';
import { ConfigurationError } from './configuration-error';
import { batchedStdout, cachedIsoTime } from './log-destination';

// One JSON object a line on stdout, for every level: a single ordered stream is what log shippers and
// `kubectl logs` expect, and the level is a field, so splitting errors onto stderr would only reorder lines.
// Human banners meant to be read, not parsed (the set-up code, the evaluation-only root key warning) go to
// stderr instead (lib/server/banner.ts), so stdout stays pure JSON.

export const LOG_LEVEL_ENV = 'KEYFORT_LOG_LEVEL';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type TLogLevel = (typeof LOG_LEVELS)[number];
const DEFAULT_LOG_LEVEL: TLogLevel = 'info';

/** What each line may say about where it comes from and what it was about. Values only: never request bodies. */
export interface TLogContext {
  component?: string;
  requestId?: string;
  operation?: string;
  actorId?: string | null;
  keyId?: string | null;
  result?: string;
  durationMs?: number;
  [field: string]: unknown;
}

/**
 * The second line of defence: a field by one of these names is replaced whatever logged it. The first line
 * is never passing such values to the logger at all; tests grep a whole run's logs for them (scripts/
 * check-logs-for-secrets.mjs).
 */
const SECRET_FIELD_NAMES = [
  'secret', 'secretAccessKey', 'SecretAccessKey', 'password', 'newPassword', 'currentPassword',
  'plaintext', 'Plaintext', 'material', 'keyMaterial', 'EncryptedKeyMaterial', 'token', 'importToken', 'ImportToken',
  'authorization', 'Authorization', 'cookie', 'Cookie', 'rootKey', 'encryptionContext', 'EncryptionContext',
  'setupCode', 'body',
];
export const REDACTED_PATHS = [...SECRET_FIELD_NAMES, ...SECRET_FIELD_NAMES.map((name) => `*.${name}`)];
export const REDACTED = '[redacted]';

/** KEYFORT_LOG_LEVEL: absent or blank gives info; anything else but a pino level stops start-up (exit 78). */
export function logLevelFromEnv(env: Record<string, string | undefined>): TLogLevel {
  const raw = env[LOG_LEVEL_ENV]?.trim();
  if (!raw) return DEFAULT_LOG_LEVEL;
  const level = raw.toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigurationError(`${LOG_LEVEL_ENV} must be one of ${LOG_LEVELS.join(', ')}, got "${raw}".`);
  }
  return level as TLogLevel;
}

export function createLogger(options: { level: TLogLevel; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      // pid tells the API's cluster workers apart; the host name is the platform's to add.
      base: { pid: process.pid },
      timestamp: cachedIsoTime(),
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
    },
    // Written synchronously, in batches (log-destination.ts): a line logged just before process.exit (a
    // start-up failure) is never lost.
    options.destination ?? batchedStdout(),
  );
}

function levelOrDefault(): TLogLevel {
  try {
    return logLevelFromEnv(process.env);
  } catch {
    // Start-up validates the setting and stops with exit 78; until then the failure itself must be loggable.
    return DEFAULT_LOG_LEVEL;
  }
}

const LOGGER = Symbol.for('keyfort.logger');
type Holder = { [LOGGER]?: Logger };

/** The process's logger (one per process, also across Next's module instances). */
export function rootLogger(): Logger {
  const holder = globalThis as Holder;
  return (holder[LOGGER] ??= createLogger({ level: levelOrDefault() }));
}

/** A logger whose lines say which part of Keyfort wrote them: console, api, startup, a job's name… */
export function componentLogger(component: string): Logger {
  return rootLogger().child({ component });
}

/**
 * For modules that take a `log(line, fields?)` callback instead of importing the logger (lib/aws-api must
 * not import lib/server, and job-runner is tested with its own): logs each line at `level`.
 */
export function lineLogger(logger: Logger, level: 'error' | 'warn' | 'info' = 'error'): (line: string, fields?: TLogContext) => void {
  return (line, fields) => logger[level](fields ?? {}, line);
}
