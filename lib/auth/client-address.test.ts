import { describe, expect, it } from 'vitest';
import { UNKNOWN_ADDRESS, clientAddress } from './client-address';

const headers = (value?: string) => new Headers(value === undefined ? {} : { 'x-forwarded-for': value });

describe('clientAddress', () => {
  it('reads the one address the front server put in X-Forwarded-For (IPv4 and IPv6)', () => {
    expect(clientAddress(headers('203.0.113.7'))).toBe('203.0.113.7');
    expect(clientAddress(headers(' 2001:DB8::1 '))).toBe('2001:db8::1');
  });

  it('treats an absent header, or anything that is not one address, as unknown', () => {
    expect(clientAddress(undefined)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(headers())).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(headers(''))).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(headers('203.0.113.7, 10.0.0.1'))).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(headers('<script>'))).toBe(UNKNOWN_ADDRESS);
  });
});
