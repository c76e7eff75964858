// The console's Content-Security-Policy. Small and dependency-free: proxy.ts builds it for every request.

/** 128 random bits, base64: unguessable and unique per response, as a CSP nonce must be. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

/**
 * The policy for one page response.
 * - Scripts: only those carrying this response's nonce (Next sets it on its own tags, read from the request's
 *   CSP header), and what they load ('strict-dynamic': the chunks Next imports at run time). Neither
 *   'unsafe-inline' nor 'unsafe-eval': an injected `<script>` or `onclick=` never runs. `next dev` alone needs
 *   'unsafe-eval' (React rebuilds server error stacks with eval).
 * - Styles: `<style>` and stylesheet elements must come from Keyfort or carry the nonce; `style=""` attributes are
 *   allowed ('unsafe-inline' for attributes only). React and Radix position popovers and lock scrolling with
 *   inline style attributes, which a nonce cannot cover (nonces apply to elements, not attributes). An attribute
 *   cannot load anything (img-src, font-src, connect-src stay 'self'), so it cannot exfiltrate either.
 *   `next dev` injects unnonced `<style>` elements for hot reloading: 'unsafe-inline' there too.
 * - No framing at all (clickjacking), no `<base>` (relative URLs cannot be redirected), forms post only here,
 *   no plugins.
 * No `upgrade-insecure-requests`: on a plain-HTTP trial (localhost, no TLS) it would break every asset; under
 * TLS, Strict-Transport-Security already keeps the browser on https.
 */
export function contentSecurityPolicy(options: { nonce: string; development?: boolean }): string {
  const { nonce, development = false } = options;
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': [`'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'style-src-elem': ["'self'", development ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    'style-src-attr': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
