import type { FieldErrors } from '@/lib/server/action';
import type { TContextRow } from './encryption-context-fields';

import { MAX_CIPHERTEXT_BLOB_INPUT_BYTES, MAX_PLAINTEXT_BYTES } from '@/lib/kms/public-limits';

// The online tool's checks in the browser, before anything is sent. The server (the key page's
// crypto-input.ts) and the domain check the same again, with the same limits (lib/kms/public-limits.ts).

export { MAX_PLAINTEXT_BYTES };
export const MAX_CIPHERTEXT_BYTES = MAX_CIPHERTEXT_BLOB_INPUT_BYTES;

export type TEncryptionContextPair = { key: string; value: string };

export type TContextError = 'required' | 'duplicate' | 'tooLong' | 'invalid';

/** The encryption context both forms use: read (checked) before a call, and server errors shown per row. */
export interface TCryptoToolContext {
  read: () => { pairs: TEncryptionContextPair[]; rowIds: number[] } | null;
  /** True when the errors were about context rows (and are now shown under them). */
  showServerErrors: (fieldErrors: FieldErrors | undefined, rowIds: number[]) => boolean;
}

export function utf8ByteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * The rows that carry something, as the action's pairs, and the row each pair came from (to put a server
 * error back under its row). A row left entirely empty is ignored: it is an unused "Add pair".
 */
export function readContextRows(rows: TContextRow[]): { pairs: TEncryptionContextPair[]; rowIds: number[]; errors: Record<number, TContextError> } {
  const pairs: TEncryptionContextPair[] = [];
  const rowIds: number[] = [];
  const errors: Record<number, TContextError> = {};
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.key === '' && row.value === '') continue;
    if (row.key === '') errors[row.id] = 'required';
    else if (seen.has(row.key)) errors[row.id] = 'duplicate';
    seen.add(row.key);
    pairs.push({ key: row.key, value: row.value });
    rowIds.push(row.id);
  }
  return { pairs, rowIds, errors };
}

/** Server field errors `encryptionContext.<index>.<key|value>` mapped back to the rows that were sent. */
export function contextErrorsFromServer(fieldErrors: FieldErrors | undefined, rowIds: number[]): Record<number, TContextError> {
  const errors: Record<number, TContextError> = {};
  for (const [field, keys] of Object.entries(fieldErrors ?? {})) {
    const match = /^encryptionContext\.(\d+)\.(key|value)$/.exec(field);
    const rowId = match ? rowIds[Number(match[1])] : undefined;
    if (rowId === undefined || errors[rowId]) continue;
    const [first] = keys;
    // The only custom rule on a key is the duplicate check; an empty key arrives as "required".
    errors[rowId] = first === 'required' ? 'required' : first === 'tooLong' ? 'tooLong' : match?.[2] === 'key' ? 'duplicate' : 'invalid';
  }
  return errors;
}

export type TDecryptedPlaintext = { kind: 'text'; text: string } | { kind: 'base64'; base64: string };

/** Text when the bytes are valid UTF-8 (a byte-order mark is kept, so the text is exactly the bytes); else base64. */
export function decodePlaintext(base64: string): TDecryptedPlaintext {
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { kind: 'base64', base64 };
  } finally {
    bytes.fill(0);
  }
}
