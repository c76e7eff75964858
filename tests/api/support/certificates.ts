import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TTestCertificates {
  dir: string;
  /** The throwaway CA's certificate (PEM): what clients are told to trust (`--ca-bundle`, `ca`). */
  caFile: string;
  ca: Buffer;
  /** The server certificate (SAN IP:127.0.0.1, DNS:localhost) followed by the CA's: a chain, as operators give one. */
  certFile: string;
  keyFile: string;
  dispose(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A throwaway CA and a server certificate it signed, made with openssl in a temp folder (valid 2 days). */
export function makeTestCertificates(): TTestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyfort-tls-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(dir, ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Keyfort test CA']);
  openssl(dir, ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
  writeFileSync(
    path.join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n',
  );
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext']);
  const ca = readFileSync(path.join(dir, 'ca.pem'));
  writeFileSync(path.join(dir, 'chain.pem'), Buffer.concat([readFileSync(path.join(dir, 'server.pem')), ca]));
  return {
    dir,
    caFile: path.join(dir, 'ca.pem'),
    ca,
    certFile: path.join(dir, 'chain.pem'),
    keyFile: path.join(dir, 'server.key'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
