import { setNonce } from 'get-nonce';

/**
 * Radix dialogs lock page scrolling with a `<style>` element that react-remove-scroll adds, and the console's
 * CSP (lib/http/content-security-policy.ts) applies style elements only when they carry the page's nonce.
 * That library asks get-nonce for it. Browsers hide the nonce attribute from the markup but keep it readable
 * to scripts, so it is taken from Next's own script tags rather than sent once more in the page's data.
 */
export function adoptStyleNonce(): void {
  if (typeof document === 'undefined') return;
  const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce;
  if (nonce) setNonce(nonce);
}
