import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { applyForwardedHeaders, clientAddressResolver, resolveClientAddress } from './forwarded-headers';
import { parseTrustedProxies } from './trusted-proxies';

const trusted = parseTrustedProxies('10.0.0.0/8, 2001:db8:ffff::/48');
const nobody = parseTrustedProxies(undefined);

describe('resolveClientAddress', () => {
  it('is the peer itself when the peer is not a trusted proxy, whatever X-Forwarded-For claims', () => {
    expect(resolveClientAddress({ peer: '203.0.113.7', forwardedFor: '198.51.100.1', trusted })).toBe('203.0.113.7');
    expect(resolveClientAddress({ peer: '10.0.0.2', forwardedFor: '198.51.100.1', trusted: nobody })).toBe('10.0.0.2');
  });

  it('walks X-Forwarded-For from the right behind a trusted proxy: the first untrusted hop is the client', () => {
    // The client prepended a lie; the trusted proxies appended what they saw.
    const chain = '1.1.1.1, 198.51.100.20, 10.0.0.3, 10.0.0.2';
    expect(resolveClientAddress({ peer: '10.0.0.1', forwardedFor: chain, trusted })).toBe('198.51.100.20');
  });

  it('reads several X-Forwarded-For headers as one chain', () => {
    expect(resolveClientAddress({ peer: '10.0.0.1', forwardedFor: ['1.1.1.1', '198.51.100.20, 10.0.0.2'], trusted })).toBe('198.51.100.20');
  });

  it('handles IPv6 and IPv4-mapped hops', () => {
    expect(resolveClientAddress({ peer: '::ffff:10.0.0.1', forwardedFor: '2001:DB8::7, 2001:db8:ffff::1', trusted })).toBe('2001:db8::7');
    expect(resolveClientAddress({ peer: '2001:db8:ffff::2', forwardedFor: '::ffff:198.51.100.9', trusted })).toBe('198.51.100.9');
  });

  it('stops at an entry that is not an address: the last hop a trusted proxy vouched for is the client', () => {
    expect(resolveClientAddress({ peer: '10.0.0.1', forwardedFor: 'evil, 10.0.0.2', trusted })).toBe('10.0.0.2');
    expect(resolveClientAddress({ peer: '10.0.0.1', forwardedFor: '198.51.100.1, 1.2.3.4:80', trusted })).toBe('10.0.0.1');
  });

  it('is the leftmost hop when every hop is trusted, and the proxy when it forwarded nothing', () => {
    expect(resolveClientAddress({ peer: '10.0.0.1', forwardedFor: '10.0.0.9, 10.0.0.2', trusted })).toBe('10.0.0.9');
    expect(resolveClientAddress({ peer: '10.0.0.1', forwardedFor: undefined, trusted })).toBe('10.0.0.1');
  });
});

describe('applyForwardedHeaders', () => {
  const spoofed = (): IncomingHttpHeaders => ({
    'x-forwarded-for': '198.51.100.1',
    'x-forwarded-host': 'evil.example',
    'x-forwarded-proto': 'https',
    'x-forwarded-port': '443',
    'x-real-ip': '198.51.100.2',
    forwarded: 'for=198.51.100.3;host=evil.example;proto=https',
    host: 'kms.example.com',
  });

  it('drops every forwarding claim of an untrusted peer and leaves only its own address', () => {
    const headers = spoofed();
    expect(applyForwardedHeaders({ headers, peer: '::ffff:203.0.113.7', trusted })).toBe('203.0.113.7');
    expect(headers).toEqual({ 'x-forwarded-for': '203.0.113.7', host: 'kms.example.com' });
  });

  it('behind a trusted proxy keeps its Host, Proto and Port, and leaves exactly the resolved client in X-Forwarded-For', () => {
    const headers = { ...spoofed(), 'x-forwarded-for': '1.1.1.1, 198.51.100.20, 10.0.0.2' };
    expect(applyForwardedHeaders({ headers, peer: '10.0.0.1', trusted })).toBe('198.51.100.20');
    expect(headers).toEqual({
      'x-forwarded-for': '198.51.100.20',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
      'x-forwarded-port': '443',
      host: 'kms.example.com',
    });
  });

  it('leaves no X-Forwarded-For when the socket has no address (closed already)', () => {
    const headers = spoofed();
    expect(applyForwardedHeaders({ headers, peer: undefined, trusted })).toBeNull();
    expect(headers).toEqual({ host: 'kms.example.com' });
  });
});

describe('clientAddressResolver', () => {
  const request = (socket: object, forwardedFor?: string) => ({ socket, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

  it('answers an untrusted peer for every request on its connection, whatever X-Forwarded-For claims', () => {
    const resolve = clientAddressResolver(parseTrustedProxies('10.0.0.0/8'));
    const socket = { remoteAddress: '::ffff:203.0.113.7' };
    expect(resolve(request(socket, '198.51.100.1'))).toBe('203.0.113.7');
    expect(resolve(request(socket, '198.51.100.2'))).toBe('203.0.113.7');
  });

  it('walks each request’s own X-Forwarded-For when the peer is a trusted proxy', () => {
    const resolve = clientAddressResolver(parseTrustedProxies('10.0.0.0/8'));
    const socket = { remoteAddress: '10.0.0.1' };
    expect(resolve(request(socket, '198.51.100.1'))).toBe('198.51.100.1');
    expect(resolve(request(socket, '198.51.100.2, 10.0.0.2'))).toBe('198.51.100.2');
    expect(resolve(request(socket))).toBe('10.0.0.1');
  });

  it('keeps each connection’s peer apart', () => {
    const resolve = clientAddressResolver(parseTrustedProxies(undefined));
    expect(resolve(request({ remoteAddress: '192.0.2.1' }))).toBe('192.0.2.1');
    expect(resolve(request({ remoteAddress: '2001:DB8::1' }))).toBe('2001:db8::1');
    expect(resolve(request({ remoteAddress: undefined }))).toBeNull();
  });
});
