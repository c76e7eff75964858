import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { ConfigurationError } from './configuration-error';

/** A certificate (chain) and its private key, PEM, as read from KEYFORT_TLS_CERT_FILE / KEYFORT_TLS_KEY_FILE. */
export interface TTlsSettings {
  cert: Buffer;
  key: Buffer;
}

type Env = Record<string, string | undefined>;
const CERT = 'KEYFORT_TLS_CERT_FILE';
const KEY = 'KEYFORT_TLS_KEY_FILE';

function readPem(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ConfigurationError(`${variable}: cannot read "${file}"${typeof code === 'string' ? ` (${code})` : ''}. Point it at a readable PEM file.`);
  }
}

/** Parses each file on its own first, so the message names the variable at fault; never quotes their content. */
function assertUsable(tls: TTlsSettings, files: { cert: string; key: string }): void {
  try {
    new X509Certificate(tls.cert);
  } catch {
    throw new ConfigurationError(`${CERT}: "${files.cert}" holds no PEM certificate (expected "-----BEGIN CERTIFICATE-----", the server's certificate first, then any intermediates).`);
  }
  try {
    createPrivateKey(tls.key);
  } catch {
    throw new ConfigurationError(`${KEY}: "${files.key}" holds no usable PEM private key (it must be unencrypted: no passphrase).`);
  }
  try {
    createSecureContext({ cert: tls.cert, key: tls.key });
  } catch {
    throw new ConfigurationError(`${KEY}: the private key in "${files.key}" does not belong to the certificate in ${CERT} ("${files.cert}").`);
  }
}

/**
 * The TLS settings both listeners serve HTTPS with, or null for plain HTTP. Both variables or neither; an
 * unreadable or invalid file stops start-up with a ConfigurationError naming the variable.
 */
export function tlsSettingsFromEnv(env: Env): TTlsSettings | null {
  const certFile = env[CERT]?.trim();
  const keyFile = env[KEY]?.trim();
  if (!certFile && !keyFile) return null;
  if (!certFile || !keyFile) {
    throw new ConfigurationError(`${certFile ? KEY : CERT} is not set: ${CERT} and ${KEY} go together (set both to serve HTTPS, or neither).`);
  }
  const tls = { cert: readPem(CERT, certFile), key: readPem(KEY, keyFile) };
  assertUsable(tls, { cert: certFile, key: keyFile });
  return tls;
}

/** Whether the TLS variables are set (without reading the files): e.g. to choose https for default URLs. */
export function tlsConfigured(env: Env): boolean {
  return Boolean(env[CERT]?.trim() || env[KEY]?.trim());
}
