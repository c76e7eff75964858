// Where the listeners bind and what stops them: loopback by default without TLS; plain HTTP beyond loopback
// only with KEYFORT_ALLOW_PLAIN_HTTP=1 (and a warning); every wrong setting ends start-up with exit code 78
// (scripts/start.mjs does not retry those) and a message naming the variable, before the database is touched.
import { SIGN_IN_FAILURES_PER_ADDRESS } from '@/lib/auth/constants';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCertificates, type TTestCertificates } from './support/certificates';
import { waitUntil } from './support/client';
import {
  apiServerCommand,
  consoleServerCommand,
  freePort,
  httpRequest,
  logMessages,
  PROJECT_ROOT,
  randomRootKeyBase64,
  runUntilExit,
  startApiServer,
  startConsoleServer,
  type RunningServer,
} from './support/server';

const EXIT_CONFIGURATION_ERROR = 78;
let dataDir: string;
let certificates: TTestCertificates;
const running: RunningServer[] = [];

beforeAll(() => {
  certificates = makeTestCertificates();
});
afterAll(() => certificates?.dispose());
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function freshDataDir(): string {
  dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-api-listen-'));
  return dataDir;
}

async function refusal(command: 'api' | 'console', env: Record<string, string | undefined>) {
  const options = { dataDir: freshDataDir(), rootKeyBase64: randomRootKeyBase64(), port: await freePort(), env };
  const result = await runUntilExit(command === 'api' ? apiServerCommand(options) : consoleServerCommand(options));
  // Refused before any database work: the data folder is as empty as it was created.
  expect(readdirSync(options.dataDir)).toEqual([]);
  // The reasons as written: JSON log lines would escape their quotes.
  return { ...result, output: logMessages(result.output) };
}

/** A non-loopback IPv4 address of this machine, if it has one: nothing may answer there on a loopback-only port. */
function externalIpv4(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Wrong-password sign-ins through the console's front, each for another (unknown) account and claiming the
 * given X-Forwarded-For: only the per-address limit (5 a minute) can refuse them.
 */
async function signInStatuses(origin: string, forwardedFor: string[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const [index, claimed] of forwardedFor.entries()) {
    const answer = await httpRequest({
      url: `${origin}/api/auth/sign-in/email`,
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': claimed },
      body: JSON.stringify({ email: `nobody-${index}@keyfort.example.com`, password: 'not the password' }),
    });
    statuses.push(answer.status);
  }
  return statuses;
}

async function expectLogLine(server: RunningServer, line: string): Promise<void> {
  // The primary logs once every worker reported listening, which may come just after the first answer.
  await waitUntil(async () => server.output().includes(line), { withinMs: 20_000, everyMs: 100 }).catch(() => {
    throw new Error(`expected "${line}" in the output:\n${server.output()}`);
  });
}

describe('the API listener', () => {
  it('refuses plain HTTP on 0.0.0.0 without the opt-in: exit 78, saying what is wrong and the two ways out', async () => {
    const { code, output } = await refusal('api', { KEYFORT_API_HOST: '0.0.0.0' });
    expect(code).toBe(EXIT_CONFIGURATION_ERROR);
    expect(output).toContain('KEYFORT_API_HOST=0.0.0.0 would serve the AWS API listener over plain HTTP beyond this machine');
    expect(output).toContain('set KEYFORT_TLS_CERT_FILE and KEYFORT_TLS_KEY_FILE');
    expect(output).toContain('set KEYFORT_ALLOW_PLAIN_HTTP=1');
  });

  it('serves plain HTTP on 0.0.0.0 with KEYFORT_ALLOW_PLAIN_HTTP=1, and warns at start', async () => {
    const server = await startApiServer({ dataDir: freshDataDir(), rootKeyBase64: randomRootKeyBase64(), env: { KEYFORT_API_HOST: '0.0.0.0', KEYFORT_ALLOW_PLAIN_HTTP: '1' } });
    running.push(server);
    await expectLogLine(server, `Keyfort AWS API listening on http://0.0.0.0:${server.port}`);
    expect(server.output()).toContain(`WARNING: the AWS API listener serves plain HTTP on 0.0.0.0:${server.port} (KEYFORT_ALLOW_PLAIN_HTTP=1)`);
  });

  it('binds 127.0.0.1 when KEYFORT_API_HOST is unset and TLS is off', async () => {
    const server = await startApiServer({ dataDir: freshDataDir(), rootKeyBase64: randomRootKeyBase64(), env: { KEYFORT_API_HOST: undefined } });
    running.push(server);
    await expectLogLine(server, `Keyfort AWS API listening on http://127.0.0.1:${server.port}`);
    expect(server.output()).not.toContain('WARNING');
    // HSTS belongs to HTTPS answers only (over plain HTTP it would be ignored, and wrongly promise TLS).
    const answer = await httpRequest({ url: `${server.origin}/elsewhere` });
    expect({ status: answer.status, hsts: answer.headers['strict-transport-security'] }).toEqual({ status: 404, hsts: undefined });
    const external = externalIpv4();
    if (external) expect(await connects(external, server.port)).toBe(false);
  });

  it('binds every interface when KEYFORT_API_HOST is unset and TLS is on', async () => {
    const tls = { certFile: certificates.certFile, keyFile: certificates.keyFile, ca: certificates.ca };
    const server = await startApiServer({ dataDir: freshDataDir(), rootKeyBase64: randomRootKeyBase64(), tls, env: { KEYFORT_API_HOST: undefined } });
    running.push(server);
    await expectLogLine(server, `Keyfort AWS API listening on https://0.0.0.0:${server.port}`);
  });

  it('refuses a TLS setting that cannot work, naming the variable and never quoting the key', async () => {
    const key = readFileSync(certificates.keyFile, 'utf8');
    const keyBody = key.split('\n')[1]!;
    const missing = path.join(certificates.dir, 'missing.pem');
    const notPem = path.join(certificates.dir, 'not-a-key.pem');
    writeFileSync(notPem, 'not a key\n');
    const otherKey = path.join(certificates.dir, 'ca.key');

    const cases: [Record<string, string>, string][] = [
      [{ KEYFORT_TLS_CERT_FILE: certificates.certFile }, 'KEYFORT_TLS_KEY_FILE is not set: KEYFORT_TLS_CERT_FILE and KEYFORT_TLS_KEY_FILE go together'],
      [{ KEYFORT_TLS_CERT_FILE: missing, KEYFORT_TLS_KEY_FILE: certificates.keyFile }, `KEYFORT_TLS_CERT_FILE: cannot read "${missing}" (ENOENT)`],
      [{ KEYFORT_TLS_CERT_FILE: certificates.keyFile, KEYFORT_TLS_KEY_FILE: certificates.keyFile }, `KEYFORT_TLS_CERT_FILE: "${certificates.keyFile}" holds no PEM certificate`],
      [{ KEYFORT_TLS_CERT_FILE: certificates.certFile, KEYFORT_TLS_KEY_FILE: notPem }, `KEYFORT_TLS_KEY_FILE: "${notPem}" holds no usable PEM private key`],
      [{ KEYFORT_TLS_CERT_FILE: certificates.certFile, KEYFORT_TLS_KEY_FILE: otherKey }, 'KEYFORT_TLS_KEY_FILE: the private key in'],
    ];
    for (const [env, message] of cases) {
      const { code, output } = await refusal('api', env);
      expect({ code, named: output.includes(message) }, output).toEqual({ code: EXIT_CONFIGURATION_ERROR, named: true });
      expect(output).not.toContain(keyBody);
    }
  });
});

/** One more sign-in attempt than one address may fail (lib/auth/constants.ts): the last is refused. */
const ADDRESSES_PAST_THE_LIMIT = Array.from({ length: SIGN_IN_FAILURES_PER_ADDRESS + 1 }, (_, i) => i + 1);
const REFUSED_PAST_THE_LIMIT = [...ADDRESSES_PAST_THE_LIMIT.slice(1).map(() => 401), 429];

const built = existsSync(path.join(PROJECT_ROOT, '.next', 'BUILD_ID'));
const required = process.env.KEYFORT_API_TESTS_REQUIRE_NEXT === '1';

describe('the console', () => {
  it('refuses plain HTTP on 0.0.0.0 without the opt-in: exit 78, saying what is wrong and the two ways out', async () => {
    const { code, output } = await refusal('console', { HOSTNAME: '0.0.0.0' });
    expect(code).toBe(EXIT_CONFIGURATION_ERROR);
    expect(output).toContain('HOSTNAME=0.0.0.0 would serve the console over plain HTTP beyond this machine');
    expect(output).toContain('set KEYFORT_TLS_CERT_FILE and KEYFORT_TLS_KEY_FILE');
    expect(output).toContain('set KEYFORT_ALLOW_PLAIN_HTTP=1');
  });

  it('refuses an invalid KEYFORT_TRUSTED_PROXIES entry, naming it: exit 78', async () => {
    const { code, output } = await refusal('console', { KEYFORT_TRUSTED_PROXIES: '10.0.0.1, 10.0.0.0/33' });
    expect(code).toBe(EXIT_CONFIGURATION_ERROR);
    expect(output).toContain('KEYFORT_TRUSTED_PROXIES: "10.0.0.0/33" has a prefix length that is not 0-32');
  });

  describe.skipIf(!built && !required)('started (needs `next build`)', () => {
    it('serves plain HTTP on 0.0.0.0 with KEYFORT_ALLOW_PLAIN_HTTP=1, and warns at start', async () => {
      const options = { dataDir: freshDataDir(), rootKeyBase64: randomRootKeyBase64(), env: { HOSTNAME: '0.0.0.0', KEYFORT_ALLOW_PLAIN_HTTP: '1', KEYFORT_KEY_POOL_SIZE: '0', KEYFORT_TRUSTED_PROXIES: '127.0.0.1' } };
      const server = await startConsoleServer(options);
      running.push(server);
      await expectLogLine(server, `Keyfort console listening on http://0.0.0.0:${server.port}`);
      expect(server.output()).toContain(`WARNING: the console serves plain HTTP on 0.0.0.0:${server.port} (KEYFORT_ALLOW_PLAIN_HTTP=1)`);

      // Behind a trusted proxy (here: this test, on 127.0.0.1) the reported client counts: each its own limit.
      const clients = ADDRESSES_PAST_THE_LIMIT.map((i) => `198.51.100.${i}`);
      expect(await signInStatuses(server.origin, clients.map((client) => `${client}, 127.0.0.1`))).toEqual(clients.map(() => 401));
      // One client, however it prefixes the chain, is one address: its attempt past the limit is refused.
      const one = ADDRESSES_PAST_THE_LIMIT.map((i) => `203.0.113.${i}, 198.51.100.200`);
      expect(await signInStatuses(server.origin, one)).toEqual(REFUSED_PAST_THE_LIMIT);
    }, 180_000);

    it('binds 127.0.0.1 when HOSTNAME is unset and TLS is off', async () => {
      const options = { dataDir: freshDataDir(), rootKeyBase64: randomRootKeyBase64(), env: { HOSTNAME: undefined, KEYFORT_KEY_POOL_SIZE: '0' } };
      const server = await startConsoleServer(options);
      running.push(server);
      await expectLogLine(server, `Keyfort console listening on http://127.0.0.1:${server.port}`);
      expect(server.output()).not.toContain('WARNING');
      const external = externalIpv4();
      if (external) expect(await connects(external, server.port)).toBe(false);

      // No trusted proxies: a client inventing X-Forwarded-For addresses is still one address, limited past the limit.
      const invented = ADDRESSES_PAST_THE_LIMIT.map((i) => `198.51.100.${i}`);
      expect(await signInStatuses(server.origin, invented)).toEqual(REFUSED_PAST_THE_LIMIT);
    }, 180_000);
  });
});
