import { describe, expect, it } from 'vitest';
import { ConfigurationError } from './configuration-error';
import { normaliseAddress, parseTrustedProxies } from './trusted-proxies';

describe('parseTrustedProxies', () => {
  it('trusts nobody when unset or empty', () => {
    for (const raw of [undefined, '', ' , ']) {
      const trusted = parseTrustedProxies(raw);
      expect(trusted.entries).toEqual([]);
      expect(trusted.has('127.0.0.1')).toBe(false);
    }
  });

  it('matches exact IPv4 addresses and CIDR ranges, and nothing next to them', () => {
    const trusted = parseTrustedProxies(' 10.0.0.5, 192.0.2.0/24 ,');
    expect(trusted.entries).toEqual(['10.0.0.5', '192.0.2.0/24']);
    expect(['10.0.0.5', '192.0.2.0', '192.0.2.255'].map((a) => trusted.has(a))).toEqual([true, true, true]);
    expect(['10.0.0.6', '192.0.3.0', '192.0.1.255'].map((a) => trusted.has(a))).toEqual([false, false, false]);
  });

  it('matches IPv6 addresses and ranges whatever their spelling', () => {
    const trusted = parseTrustedProxies('2001:db8::1, fd00:1234::/32');
    expect(trusted.has('2001:DB8:0:0::1')).toBe(true);
    expect(trusted.has('2001:db8::2')).toBe(false);
    expect(trusted.has('fd00:1234:ffff::9')).toBe(true);
    expect(trusted.has('fd00:1235::1')).toBe(false);
  });

  it('matches an IPv4 peer seen through a dual-stack socket (::ffff:a.b.c.d), and a mapped entry as its IPv4 form', () => {
    expect(parseTrustedProxies('10.0.0.0/8').has('::ffff:10.1.2.3')).toBe(true);
    expect(parseTrustedProxies('::ffff:10.0.0.5').has('10.0.0.5')).toBe(true);
    expect(parseTrustedProxies('10.0.0.0/8').has('::ffff:11.1.2.3')).toBe(false);
  });

  it('never trusts a value that is not an address', () => {
    const trusted = parseTrustedProxies('0.0.0.0/0, ::/0');
    expect(trusted.has('unknown')).toBe(false);
    expect(trusted.has('')).toBe(false);
  });

  it.each([
    ['10.0.0', '"10.0.0" is not an IP address or CIDR range'],
    ['proxy.internal', '"proxy.internal" is not an IP address or CIDR range'],
    ['10.0.0.0/33', '"10.0.0.0/33" has a prefix length that is not 0-32'],
    ['2001:db8::/129', '"2001:db8::/129" has a prefix length that is not 0-128'],
    ['10.0.0.0/', '"10.0.0.0/" has a prefix length that is not 0-32'],
    ['10.0.0.0/-1', '"10.0.0.0/-1" has a prefix length that is not 0-32'],
    ['10.0.0.0/8/8', '"10.0.0.0/8/8" has a prefix length that is not 0-32'],
    ['1.2.3.4:80', '"1.2.3.4:80" is not an IP address or CIDR range'],
  ])('refuses %s, naming the entry, as a configuration error', (entry, message) => {
    const parse = () => parseTrustedProxies(`10.0.0.1, ${entry}`);
    expect(parse).toThrow(ConfigurationError);
    expect(parse).toThrow(`KEYFORT_TRUSTED_PROXIES: ${message}`);
  });
});

describe('normaliseAddress', () => {
  it('gives one spelling per address and null for anything else', () => {
    expect(normaliseAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normaliseAddress('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(normaliseAddress(' 2001:DB8::1 ')).toBe('2001:db8::1');
    expect(normaliseAddress('192.0.2.1')).toBe('192.0.2.1');
    expect(normaliseAddress('unknown')).toBeNull();
    expect(normaliseAddress(undefined)).toBeNull();
  });
});
