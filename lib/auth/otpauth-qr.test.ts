import { describe, expect, it } from 'vitest';
import { enrolmentSecretOf, secretOfOtpauthUri } from './otpauth-qr';

const URI = 'otpauth://totp/Keyfort:admin%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Keyfort&digits=6&period=30';

describe('enrolment secret and QR code', () => {
  it('reads the base32 secret of the otpauth URI', () => {
    expect(secretOfOtpauthUri(URI)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('refuses anything but an otpauth URI with a base32 secret', () => {
    expect(() => secretOfOtpauthUri('https://example.com/?secret=ABC')).toThrow();
    expect(() => secretOfOtpauthUri('otpauth://totp/x?secret=not-base32!')).toThrow();
    expect(() => secretOfOtpauthUri('otpauth://totp/x')).toThrow();
  });

  it('draws the QR code as plain SVG markup: no script, no inline style, no external reference', async () => {
    const { qrSvg, secret } = await enrolmentSecretOf(URI);
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(qrSvg).not.toMatch(/<script|style=|href=|on[a-z]+=/i);
  });
});
