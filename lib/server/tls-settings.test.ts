import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCertificates, type TTestCertificates } from '@/tests/api/support/certificates';
import { ConfigurationError } from './configuration-error';
import { tlsConfigured, tlsSettingsFromEnv } from './tls-settings';

let certificates: TTestCertificates;
beforeAll(() => {
  certificates = makeTestCertificates();
});
afterAll(() => certificates?.dispose());

function refusal(env: Record<string, string>): string {
  try {
    tlsSettingsFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('tlsSettingsFromEnv', () => {
  it('is null (plain HTTP) when neither variable is set', () => {
    expect(tlsSettingsFromEnv({})).toBeNull();
    expect(tlsConfigured({})).toBe(false);
  });

  it('reads a certificate chain and its key', () => {
    const env = { KEYFORT_TLS_CERT_FILE: certificates.certFile, KEYFORT_TLS_KEY_FILE: certificates.keyFile };
    expect(tlsSettingsFromEnv(env)).toEqual({ cert: readFileSync(certificates.certFile), key: readFileSync(certificates.keyFile) });
    expect(tlsConfigured(env)).toBe(true);
  });

  it('refuses one variable without the other', () => {
    expect(refusal({ KEYFORT_TLS_KEY_FILE: certificates.keyFile })).toMatch(/^KEYFORT_TLS_CERT_FILE is not set: .* go together/);
  });

  it('refuses unreadable and invalid files, naming the variable, never quoting the key', () => {
    const keyBody = readFileSync(certificates.keyFile, 'utf8').split('\n')[1]!;
    const garbage = path.join(certificates.dir, 'garbage.pem');
    writeFileSync(garbage, '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n');
    const messages = [
      refusal({ KEYFORT_TLS_CERT_FILE: certificates.dir, KEYFORT_TLS_KEY_FILE: certificates.keyFile }),
      refusal({ KEYFORT_TLS_CERT_FILE: garbage, KEYFORT_TLS_KEY_FILE: certificates.keyFile }),
      refusal({ KEYFORT_TLS_CERT_FILE: certificates.certFile, KEYFORT_TLS_KEY_FILE: certificates.caFile }),
      refusal({ KEYFORT_TLS_CERT_FILE: certificates.certFile, KEYFORT_TLS_KEY_FILE: path.join(certificates.dir, 'ca.key') }),
    ];
    expect(messages[0]).toBe(`KEYFORT_TLS_CERT_FILE: cannot read "${certificates.dir}" (EISDIR). Point it at a readable PEM file.`);
    expect(messages[1]).toMatch(/^KEYFORT_TLS_CERT_FILE: ".*garbage\.pem" holds no PEM certificate/);
    expect(messages[2]).toMatch(/^KEYFORT_TLS_KEY_FILE: ".*ca\.pem" holds no usable PEM private key/);
    expect(messages[3]).toMatch(/^KEYFORT_TLS_KEY_FILE: the private key in ".*ca\.key" does not belong to the certificate/);
    for (const message of messages) expect(message).not.toContain(keyBody);
  });
});
