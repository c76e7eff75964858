import { describe, expect, it } from 'vitest';
import { decideBindHost, isLoopbackHost } from './bind-policy';
import { ConfigurationError } from './configuration-error';

const api = (env: Record<string, string>, tls = false) => decideBindHost({ env, variable: 'KEYFORT_API_HOST', listener: 'AWS API listener', tls, port: 4000 });

describe('isLoopbackHost', () => {
  it('is true for 127.0.0.0/8, ::1 (bracketed too), mapped loopback and localhost only', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST'].map(isLoopbackHost)).toEqual(Array(7).fill(true));
    expect(['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'kms.example.com', 'localhost.example.com'].map(isLoopbackHost)).toEqual(Array(6).fill(false));
  });
});

describe('decideBindHost', () => {
  it('binds 127.0.0.1 by default without TLS and 0.0.0.0 with TLS, with no warning', () => {
    expect(api({})).toEqual({ host: '127.0.0.1', plainHttpWarning: null });
    expect(api({}, true)).toEqual({ host: '0.0.0.0', plainHttpWarning: null });
  });

  it('binds the chosen interface: any loopback one over plain HTTP, any one at all over TLS', () => {
    expect(api({ KEYFORT_API_HOST: '::1' }).host).toBe('::1');
    expect(api({ KEYFORT_API_HOST: '10.0.0.4' }, true)).toEqual({ host: '10.0.0.4', plainHttpWarning: null });
  });

  it('refuses plain HTTP beyond loopback, naming the variable and both ways out', () => {
    for (const host of ['0.0.0.0', '::', '10.0.0.4', 'kms.example.com']) {
      const decide = () => api({ KEYFORT_API_HOST: host });
      expect(decide).toThrow(ConfigurationError);
      expect(decide).toThrow(`KEYFORT_API_HOST=${host} would serve the AWS API listener over plain HTTP beyond this machine`);
      expect(decide).toThrow(/set KEYFORT_TLS_CERT_FILE and KEYFORT_TLS_KEY_FILE.*set KEYFORT_ALLOW_PLAIN_HTTP=1/);
    }
    expect(() => api({ KEYFORT_API_HOST: '0.0.0.0', KEYFORT_ALLOW_PLAIN_HTTP: '0' })).toThrow(ConfigurationError);
  });

  it('allows it with KEYFORT_ALLOW_PLAIN_HTTP=1, with a warning naming the listener and the address', () => {
    const decision = decideBindHost({ env: { HOSTNAME: '0.0.0.0', KEYFORT_ALLOW_PLAIN_HTTP: '1' }, variable: 'HOSTNAME', listener: 'console', tls: false, port: 3000 });
    expect(decision.host).toBe('0.0.0.0');
    expect(decision.plainHttpWarning).toContain('WARNING: the console serves plain HTTP on 0.0.0.0:3000 (KEYFORT_ALLOW_PLAIN_HTTP=1)');
  });

  it('refuses a KEYFORT_ALLOW_PLAIN_HTTP that is neither 1 nor unset, rather than guess', () => {
    expect(() => api({ KEYFORT_ALLOW_PLAIN_HTTP: 'yes' })).toThrow('KEYFORT_ALLOW_PLAIN_HTTP must be 1 (allow) or unset, got "yes".');
  });
});
