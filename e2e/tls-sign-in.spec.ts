import { expect, test } from './support/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeTestCertificates, type TTestCertificates } from '../tests/api/support/certificates';
import { freePort, randomRootKeyBase64, startConsoleServer, type RunningServer } from '../tests/api/support/server';

// A console of its own serving HTTPS (KEYFORT_TLS_CERT_FILE / KEYFORT_TLS_KEY_FILE with a throwaway openssl
// CA), on its own data folder with the administrator made from the bootstrap variables; it reuses the build
// the e2e webServer made. Chromium is told to accept the test CA's certificate (ignoreHTTPSErrors).
const ADMIN = { email: 'tls-admin@keyfort.example.com', password: 'tls-correct-horse-battery-staple' };

let certificates: TTestCertificates;
let dataDir: string;
let server: RunningServer;

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  certificates = makeTestCertificates();
  dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-e2e-tls-'));
  const port = await freePort();
  server = await startConsoleServer({
    dataDir,
    rootKeyBase64: randomRootKeyBase64(),
    port,
    tls: { certFile: certificates.certFile, keyFile: certificates.keyFile, ca: certificates.ca },
    env: {
      KEYFORT_ADMIN_EMAIL: ADMIN.email,
      KEYFORT_ADMIN_PASSWORD: ADMIN.password,
      KEYFORT_PUBLIC_URL: `https://127.0.0.1:${port}`,
      KEYFORT_KEY_POOL_SIZE: '0',
    },
  });
});

test.afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  certificates?.dispose();
});

test('signs in over HTTPS: the session cookie is Secure and every page sends Strict-Transport-Security', async ({ browser }) => {
  expect(server.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  const context = await browser.newContext({ baseURL: server.origin, ignoreHTTPSErrors: true, storageState: { cookies: [], origins: [] } });
  try {
    const page = await context.newPage();
    const signInPage = await page.goto('/sign-in');
    expect(signInPage?.headers()['strict-transport-security']).toBe('max-age=63072000');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/keys$/);
    await expect(page.getByTestId('signed-in-user')).toHaveText(ADMIN.email);
    expect(page.url().startsWith(`${server.origin}/`)).toBe(true);

    const sessionCookies = (await context.cookies()).filter((cookie) => cookie.name.includes('session_token'));
    expect(sessionCookies.map(({ name, secure, httpOnly, sameSite }) => ({ name, secure, httpOnly, sameSite }))).toEqual([
      { name: '__Secure-keyfort.session_token', secure: true, httpOnly: true, sameSite: 'Strict' },
    ]);

    const keysPage = await page.reload();
    expect(keysPage?.headers()['strict-transport-security']).toBe('max-age=63072000');
  } finally {
    await context.close();
  }
});
