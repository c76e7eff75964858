const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The bytes of canonical, padded standard base64, or null when the text is anything else: no whitespace, no
 * URL-safe alphabet, no stray bits in the last character. Node's decoder skips characters outside the
 * alphabet and drops stray bits silently, so the decoded length is checked against the length the text
 * implies (any skipped character shows as a shortfall) and the bits below the last byte must be zero.
 * Cheaper than a regular expression or a re-encoding: the AWS API runs it on every data-plane request.
 */
export function decodeBase64(value: string): Buffer | null {
  if (value.length % 4 !== 0 || value.includes('-') || value.includes('_')) return null;
  const bytes = Buffer.from(value, 'base64');
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  if (bytes.length !== (value.length / 4) * 3 - padding) return null;
  if (padding > 0) {
    const last = ALPHABET.indexOf(value.charAt(value.length - padding - 1));
    if ((last & (padding === 2 ? 0b1111 : 0b11)) !== 0) return null;
  }
  return bytes;
}
