import type { IntlError } from 'next-intl';

/**
 * What a page shows for a message next-intl cannot produce (no such key in English either, or a message
 * that fails to format). Browser-safe: the client provider uses the same two functions as the server.
 *
 * In development and in the end-to-end tests (`mark`), an unmistakable marker that the e2e raw-key check
 * looks for; in production next-intl's own fallback, the dotted key, so a gap reads as a label, not as an
 * alarm to the operator's users. Every case is logged either way.
 */
export const MISSING_MESSAGE_MARKER = '⟦MISSING MESSAGE';

export interface TMessageFallbackInfo {
  error: IntlError;
  key: string;
  namespace?: string;
}

export function messagePath({ namespace, key }: Pick<TMessageFallbackInfo, 'namespace' | 'key'>): string {
  return namespace ? `${namespace}.${key}` : key;
}

export function messageFallback(info: TMessageFallbackInfo, mark: boolean): string {
  const path = messagePath(info);
  return mark ? `${MISSING_MESSAGE_MARKER}: ${path}⟧` : path;
}

/** The log line: code and next-intl's description (which names the key and locale), never argument values. */
export function describeIntlError(error: IntlError): string {
  return `${error.code}: ${error.originalMessage ?? error.message}`;
}

/** Whether this server marks missing messages: always outside production, and when asked (the e2e server). */
export function markMissingMessages(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.NODE_ENV !== 'production' || env.KEYFORT_MARK_MISSING_MESSAGES === '1';
}
