'use client';

// The wizard's files stay in the browser: downloads are Blob URLs made from what the action returned, and
// uploads are read here and sent to the action as base64 text.

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Pasted base64 (as `base64 file` prints it, wrapped at 76 columns) without its line breaks; null if not base64. */
export function normalisePastedBase64(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  return compact !== '' && BASE64.test(compact) ? compact : null;
}

/** The decoded size of base64 text, to refuse an oversized paste before sending it. */
export function base64ByteLength(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

export async function readFileAsBase64(file: File): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

// Long enough for the browser to start saving the file; then the bytes are released.
const REVOKE_AFTER_MS = 60_000;

/** Saves bytes the action returned as a file (a Blob URL on a temporary link: nothing is fetched again). */
export function downloadBase64(options: { base64: string; fileName: string }): void {
  const url = URL.createObjectURL(new Blob([base64ToBytes(options.base64)], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = options.fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
