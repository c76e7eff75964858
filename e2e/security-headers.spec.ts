import { expect, test, type APIResponse, type Page, type Response } from './support/test';
import { SIGNED_OUT } from './support/admin';
import { openSeededKey } from './support/keys';
import { passReauthenticationIfAsked } from './support/reauthentication';
import { uniquePrefix } from './support/unique';

// The headers every console response carries (proxy.ts, next.config.js), those of the API answers
// (lib/aws-api/protocol.ts), and no-store on whatever shows a secret.

const PERMISSIONS_POLICY =
  'accelerometer=(), autoplay=(), camera=(), clipboard-read=(), display-capture=(), encrypted-media=(), ' +
  'fullscreen=(), gamepad=(), geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), microphone=(), ' +
  'midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), ' +
  'xr-spatial-tracking=(), clipboard-write=(self)';
const STATIC_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'permissions-policy': PERMISSIONS_POLICY };
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const NONCE = /^'nonce-([A-Za-z0-9+/]{22}==)'$/;
// Next's own values for dynamic pages and for server-action answers. "no-store" is the part that keeps
// secrets out of every cache: if Next ever drops it, these tests say so.
const PAGE_CACHE_CONTROL = 'private, no-cache, no-store, max-age=0, must-revalidate';
const ACTION_CACHE_CONTROL = 'no-cache, no-store, max-age=0, must-revalidate';

type THeaders = Record<string, string>;

/** The policy as directive → sources, and the nonce its script-src allows. */
function parsePolicy(headers: THeaders): { directives: Record<string, string>; nonce: string } {
  const policy = headers['content-security-policy'];
  expect(policy, 'Content-Security-Policy header').toBeDefined();
  const directives = Object.fromEntries(
    policy!.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources.join(' ')];
    }),
  );
  const nonce = NONCE.exec(directives['script-src']?.split(' ')[0] ?? '')?.[1];
  expect(nonce, `a nonce first in script-src: ${directives['script-src']}`).toBeDefined();
  return { directives, nonce: nonce! };
}

function expectPagePolicy(headers: THeaders): string {
  const { directives, nonce } = parsePolicy(headers);
  expect(directives).toEqual({
    'default-src': "'self'",
    'script-src': `'nonce-${nonce}' 'strict-dynamic'`,
    'style-src': "'self' 'unsafe-inline'",
    'style-src-elem': `'self' 'nonce-${nonce}'`,
    'style-src-attr': "'unsafe-inline'",
    'img-src': "'self' data:",
    'font-src': "'self'",
    'connect-src': "'self'",
    'object-src': "'none'",
    'base-uri': "'none'",
    'form-action': "'self'",
    'frame-ancestors': "'none'",
  });
  expect(headers).toMatchObject(STATIC_HEADERS);
  return nonce;
}

async function visit(page: Page, path: string): Promise<Response> {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  return response!;
}

/** The nonce attribute of every script tag in the HTML the server sent (scripts Next adds later need none: 'strict-dynamic'). */
async function scriptNonces(response: Response): Promise<string[]> {
  const tags = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
  return tags.map((tag) => /\snonce="([^"]*)"/.exec(tag)?.[1] ?? '(none)');
}

/** The browser ran Next's scripts: only the client side adds the route announcer. */
async function expectHydrated(page: Page): Promise<void> {
  await expect(page.locator('next-route-announcer')).toHaveCount(1);
}

test('a console page carries the policy with a nonce of its own, which Next puts on every script', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (/Permissions-Policy/.test(message.text())) warnings.push(message.text());
  });
  const first = await visit(page, '/keys');
  expect(first.status()).toBe(200);
  const nonce = expectPagePolicy(first.headers());
  const nonces = await scriptNonces(first);
  expect(nonces.length).toBeGreaterThan(3);
  expect(new Set(nonces)).toEqual(new Set([nonce]));
  await expectHydrated(page);

  // Chromium knows every feature the Permissions-Policy names (an unknown one only draws a warning, but means a typo).
  expect(warnings).toEqual([]);

  const second = await visit(page, '/keys');
  const again = expectPagePolicy(second.headers());
  expect(again).not.toBe(nonce);
  expect(new Set(await scriptNonces(second))).toEqual(new Set([again]));
});

test('the not-found pages carry the policy and their scripts run under it', async ({ page }) => {
  for (const path of ['/no-such-page', '/keys/5b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d', '/no-such-icon.ico']) {
    await test.step(path, async () => {
      const response = await visit(page, path);
      expect(response.status()).toBe(404);
      const nonce = expectPagePolicy(response.headers());
      expect(new Set(await scriptNonces(response))).toEqual(new Set([nonce]));
      await expectHydrated(page);
    });
  }
});

test.describe('signed out', () => {
  test.use({ storageState: SIGNED_OUT });

  test('the sign-in page, the set-up page (closed: it redirects) and a redirect to sign-in carry the policy', async ({ page, request }) => {
    const signIn = await visit(page, '/sign-in');
    expect(signIn.status()).toBe(200);
    expect(new Set(await scriptNonces(signIn))).toEqual(new Set([expectPagePolicy(signIn.headers())]));
    await expectHydrated(page);

    for (const path of ['/setup', '/keys']) {
      await test.step(path, async () => {
        const redirect = await request.get(path, { maxRedirects: 0 });
        expect(redirect.status()).toBe(307);
        expect(redirect.headers().location).toBe('/sign-in');
        expectPagePolicy(redirect.headers());
      });
    }
  });
});

test('built assets carry the static headers', async ({ page, request }) => {
  await visit(page, '/keys');
  const assets = await page.evaluate(() => [
    ...[...document.querySelectorAll<HTMLScriptElement>('script[src]')].map((script) => script.src),
    ...[...document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet]')].map((link) => link.href),
  ]);
  const script = assets.find((url) => url.endsWith('.js'));
  const stylesheet = assets.find((url) => url.endsWith('.css'));
  for (const url of [script, stylesheet]) {
    expect(url, 'a script and a stylesheet on the page').toBeDefined();
    const response = await request.get(url!);
    expect(response.status()).toBe(200);
    expect(response.headers()).toMatchObject(STATIC_HEADERS);
  }
});

/** Headers of an API answer, without those that vary per response. */
function apiHeaders(response: APIResponse): THeaders {
  const varying = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'vary']);
  return Object.fromEntries(Object.entries(response.headers()).filter(([name]) => !varying.has(name)));
}

const UNSIGNED_AWS_REQUEST = {
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
  data: '{}',
};
// Every AWS answer names its request, as AWS does (the ID in the server's log line for it).
const AWS_JSON_HEADERS = {
  'content-type': 'application/x-amz-json-1.1',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-amzn-requestid': expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
};

test('API answers are no-store and nosniff: health, sign-in session, and the AWS API on both ports', async ({ request, playwright, baseURL }) => {
  await test.step('/api/health', async () => {
    const response = await request.get('/api/health');
    expect(response.status()).toBe(200);
    expect(apiHeaders(response)).toEqual({ ...STATIC_HEADERS, 'content-security-policy': API_CSP, 'cache-control': 'no-store', 'content-type': 'application/json' });
  });

  await test.step('/api/auth/get-session', async () => {
    const response = await request.get('/api/auth/get-session');
    expect(response.status()).toBe(200);
    expect(response.headers()).toMatchObject({ ...STATIC_HEADERS, 'content-security-policy': API_CSP, 'cache-control': 'no-store' });
  });

  await test.step('the console route /api/aws', async () => {
    const response = await request.post('/api/aws', UNSIGNED_AWS_REQUEST);
    expect(response.status()).toBe(400);
    expect((await response.json()).__type).toBe('UnrecognizedClientException');
    expect(apiHeaders(response)).toEqual({ ...STATIC_HEADERS, 'content-security-policy': API_CSP, ...AWS_JSON_HEADERS });
  });

  await test.step('the dedicated API listener', async () => {
    // scripts/e2e-server.mjs puts it next to the console's port.
    const consolePort = Number(new URL(baseURL!).port);
    const listener = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${process.env.KEYFORT_API_PORT ?? consolePort + 1}` });
    try {
      const response = await listener.post('/', UNSIGNED_AWS_REQUEST);
      expect(response.status()).toBe(400);
      expect((await response.json()).__type).toBe('UnrecognizedClientException');
      expect(apiHeaders(response)).toEqual(AWS_JSON_HEADERS);
    } finally {
      await listener.dispose();
    }
  });
});

/** The server-action POST that `trigger` makes, and its response. */
async function actionResponse(page: Page, trigger: () => Promise<void>): Promise<Response> {
  const answered = page.waitForResponse((response) => response.request().method() === 'POST' && 'next-action' in response.request().headers());
  await trigger();
  return answered;
}

test('the access-keys page and the action that returns a new secret are no-store', async ({ page }) => {
  const listing = await visit(page, '/access-keys');
  expect(listing.headers()['cache-control']).toBe(PAGE_CACHE_CONTROL);

  await page.getByRole('button', { name: 'Create access key' }).click();
  const form = page.getByRole('dialog', { name: 'Create access key' });
  await expect(form).toBeVisible();
  // The dialog locks page scrolling with a style element of its own (react-remove-scroll): it carries the
  // page's nonce (components/adopt-style-nonce.ts), or the policy would refuse it.
  const nonce = parsePolicy(listing.headers()).nonce;
  expect(await page.evaluate(() => [...document.querySelectorAll('style')].map((style) => style.nonce))).toContain(nonce);
  await form.getByLabel('Description').fill(uniquePrefix('no-store-check'));
  const created = await actionResponse(page, () => form.getByRole('button', { name: 'Create access key' }).click());
  const dialog = page.getByRole('dialog', { name: 'Access key created' });
  // An older shared session is first asked for its password (REAUTHENTICATION_REQUIRED, also an action answer).
  await passReauthenticationIfAsked(page, dialog);
  const secret = (await dialog.getByTestId('new-secret-access-key').textContent()) ?? '';
  expect(secret).toMatch(/^[A-Za-z0-9+/]{40}$/);
  // The secret reached the dialog in this answer (no page carries it). Its body is not read here: the list
  // refreshes at once, and Chromium may drop the body before a test could read it.
  expect(created.headers()['cache-control']).toBe(ACTION_CACHE_CONTROL);
  await dialog.getByRole('button', { name: 'I have saved the secret, close' }).click();
});

test('the key page and the online tool’s encrypt and decrypt answers are no-store', async ({ page }) => {
  await openSeededKey(page, { alias: uniquePrefix('no-store-tool') });
  const keyPage = await visit(page, page.url());
  expect(keyPage.headers()['cache-control']).toBe(PAGE_CACHE_CONTROL);

  const tool = page.getByRole('region', { name: 'Online tool', exact: true });
  const encrypt = tool.getByRole('region', { name: 'Encrypt', exact: true });
  const decrypt = tool.getByRole('region', { name: 'Decrypt', exact: true });
  await encrypt.getByRole('textbox', { name: 'Plaintext', exact: true }).fill('kept out of caches');
  const encrypted = await actionResponse(page, () => encrypt.getByRole('button', { name: 'Encrypt', exact: true }).click());
  expect(encrypted.headers()['cache-control']).toBe(ACTION_CACHE_CONTROL);
  const ciphertextOut = encrypt.getByRole('textbox', { name: 'Ciphertext (base64)', exact: true });
  await expect(ciphertextOut).not.toHaveValue('');

  await decrypt.getByRole('textbox', { name: 'Ciphertext (base64)', exact: true }).fill(await ciphertextOut.inputValue());
  const decrypted = await actionResponse(page, () => decrypt.getByRole('button', { name: 'Decrypt', exact: true }).click());
  await expect(decrypt.getByRole('textbox', { name: 'Plaintext', exact: true })).toHaveValue('kept out of caches');
  expect(decrypted.headers()['cache-control']).toBe(ACTION_CACHE_CONTROL);
});
