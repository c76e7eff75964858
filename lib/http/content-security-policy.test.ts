import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce } from './content-security-policy';

function directives(policy: string): Map<string, string> {
  return new Map(policy.split('; ').map((part) => [part.split(' ')[0]!, part.split(' ').slice(1).join(' ')]));
}

describe('the console Content-Security-Policy', () => {
  it('allows scripts only with the nonce (and what they load), never inline or eval, in production', () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'abc123==' }));
    expect(policy.get('script-src')).toBe("'nonce-abc123==' 'strict-dynamic'");
    expect(policy.get('style-src-elem')).toBe("'self' 'nonce-abc123=='");
    expect([...policy.values()].join(' ')).not.toContain('unsafe-eval');
    expect(policy.get('script-src')).not.toContain('unsafe-inline');
  });

  it('forbids framing, <base>, plugins and posting forms elsewhere', () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'n' }));
    expect(Object.fromEntries(['frame-ancestors', 'base-uri', 'object-src', 'form-action', 'default-src'].map((name) => [name, policy.get(name)]))).toEqual({
      'frame-ancestors': "'none'",
      'base-uri': "'none'",
      'object-src': "'none'",
      'form-action': "'self'",
      'default-src': "'self'",
    });
  });

  it('adds only what next dev needs in development: eval for scripts, unnonced style elements', () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'n', development: true }));
    expect(policy.get('script-src')).toBe("'nonce-n' 'strict-dynamic' 'unsafe-eval'");
    expect(policy.get('style-src-elem')).toBe("'self' 'unsafe-inline'");
  });
});

describe('createNonce', () => {
  it('makes 128-bit base64 nonces, a new one each time', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });
});
