import { isKmsError } from './errors';

/**
 * A log line for an error that may carry secrets: driver errors can echo query arguments (sealed material
 * included) and auth errors the submitted form. Only the type and code are kept, plus the message of
 * KmsErrors, whose messages are written never to hold secrets.
 */
export function describeError(error: unknown): string {
  if (isKmsError(error)) return `${error.name} ${error.code}: ${error.message}`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name} ${code}` : error.name;
  }
  return 'non-error value thrown';
}

/** Credentials in connection strings (`postgresql://user:secret@host`) never reach the log. */
export function describeStartupError(error: unknown): string {
  if (!(error instanceof Error)) return 'non-error value thrown';
  const code = (error as { code?: unknown }).code;
  const message = error.message.replace(/(\w+:\/\/)[^\s/@]+@/g, '$1***@');
  return `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${message}`;
}
