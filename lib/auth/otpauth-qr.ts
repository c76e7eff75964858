import QRCode from 'qrcode';

export interface TEnrolmentSecret {
  /** Base32, as authenticator apps take it typed in. */
  secret: string;
  /** The otpauth URI as an inline SVG QR code: markup, no data URL or script, so the strict CSP allows it. */
  qrSvg: string;
}

/** The base32 secret of an otpauth:// URI (the two-factor plugin's `totpURI`). */
export function secretOfOtpauthUri(uri: string): string {
  const url = new URL(uri);
  const secret = url.searchParams.get('secret');
  if (url.protocol !== 'otpauth:' || !secret || !/^[A-Z2-7]+=*$/i.test(secret)) throw new Error('Not an otpauth URI with a base32 secret');
  return secret.toUpperCase();
}

/** Built on the server: the secret reaches the browser only inside this enrolment response. */
export async function enrolmentSecretOf(uri: string): Promise<TEnrolmentSecret> {
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret: secretOfOtpauthUri(uri), qrSvg };
}
