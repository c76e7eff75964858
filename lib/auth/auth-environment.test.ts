import { describe, expect, it } from 'vitest';
import { resolveAuthEnvironment } from './auth-environment';

describe('resolveAuthEnvironment', () => {
  it('defaults to http://localhost:PORT, trusts the 127.0.0.1 spelling too, and keeps cookies non-Secure', () => {
    const environment = resolveAuthEnvironment({ env: { PORT: '3101' } });
    expect(environment.baseURL).toBe('http://localhost:3101');
    expect(environment.trustedOrigins).toEqual(['http://localhost:3101', 'http://127.0.0.1:3101']);
    expect(environment.secureCookies).toBe(false);
  });

  it('uses port 3000 when PORT is unset', () => {
    expect(resolveAuthEnvironment({ env: {} }).baseURL).toBe('http://localhost:3000');
  });

  it('takes KEYFORT_PUBLIC_URL as the origin (path and trailing slash dropped) and makes cookies Secure under https', () => {
    const environment = resolveAuthEnvironment({ env: { PORT: '8080', KEYFORT_PUBLIC_URL: 'https://kms.example.com/console/' } });
    expect(environment.baseURL).toBe('https://kms.example.com');
    expect(environment.secureCookies).toBe(true);
    expect(environment.trustedOrigins).toContain('https://kms.example.com');
    expect(environment.trustedOrigins).toContain('http://127.0.0.1:8080');
  });

  it('refuses a public URL that is not absolute http(s), naming the variable', () => {
    expect(() => resolveAuthEnvironment({ env: { KEYFORT_PUBLIC_URL: 'kms.example.com' } })).toThrow(/KEYFORT_PUBLIC_URL/);
    expect(() => resolveAuthEnvironment({ env: { KEYFORT_PUBLIC_URL: 'ftp://kms.example.com' } })).toThrow(/http or https/);
  });

  it('refuses a PORT that is not a port number', () => {
    expect(() => resolveAuthEnvironment({ env: { PORT: '70000' } })).toThrow(/PORT/);
    expect(() => resolveAuthEnvironment({ env: { PORT: 'abc' } })).toThrow(/PORT/);
  });

  it('defaults to https://localhost:PORT with Secure cookies when the console serves TLS itself', () => {
    const tls = { KEYFORT_TLS_CERT_FILE: '/etc/keyfort/cert.pem', KEYFORT_TLS_KEY_FILE: '/etc/keyfort/key.pem' };
    const environment = resolveAuthEnvironment({ env: { PORT: '3443', ...tls } });
    expect(environment.baseURL).toBe('https://localhost:3443');
    expect(environment.trustedOrigins).toEqual(['https://localhost:3443', 'https://127.0.0.1:3443']);
    expect(environment.secureCookies).toBe(true);
  });
});
