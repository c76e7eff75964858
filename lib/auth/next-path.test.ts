import { describe, expect, it } from 'vitest';
import { safeNextPath, signInPageFor } from './next-path';

describe('safeNextPath (where sign-in leads)', () => {
  it.each(['/keys', '/keys/1234abcd-0000-4000-8000-000000000000', '/audit?action=SignIn&page=2', '/account/sessions#top', '/people/abc/sessions'])(
    'keeps the console path %j',
    (path) => {
      expect(safeNextPath(path)).toBe(path);
    },
  );

  it.each([
    ['another host, protocol-relative', '//evil.example/keys'],
    ['a backslash browsers read as a slash', '/\\evil.example'],
    ['a backslash first', '\\\\evil.example'],
    ['an absolute URL', 'https://evil.example/keys'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['a relative path', 'keys'],
    ['a tab between the slashes', '/\t/evil.example'],
    ['a newline', '/keys\nLocation: https://evil.example'],
    ['a space', '/ /evil.example'],
    ['a double slash further on', '/keys//evil'],
    ['an empty string', ''],
    ['the sign-in page itself', '/sign-in?next=/keys'],
    ['the set-up page', '/setup'],
    ['an API route', '/api/auth/sign-out'],
    ['a build asset', '/_next/static/x.js'],
    ['something very long', `/${'a'.repeat(2048)}`],
    ['not a string', ['/keys']],
    ['nothing', undefined],
  ])('sends %s to the keys page', (_, value) => {
    expect(safeNextPath(value)).toBe('/keys');
  });

  it('keeps encoded characters as they are (the browser stays on this site)', () => {
    expect(safeNextPath('/keys/%2F%2Fevil.example')).toBe('/keys/%2F%2Fevil.example');
  });
});

describe('signInPageFor', () => {
  it('carries a console path, encoded, and drops one not worth keeping', () => {
    expect(signInPageFor('/audit?action=SignIn&page=2')).toBe('/sign-in?next=%2Faudit%3Faction%3DSignIn%26page%3D2');
    expect(signInPageFor('/keys')).toBe('/sign-in');
    expect(signInPageFor('//evil.example')).toBe('/sign-in');
    expect(signInPageFor(null)).toBe('/sign-in');
  });
});
