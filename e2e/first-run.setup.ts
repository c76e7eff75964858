import { expect, test as setup } from './support/test';
import { ADMIN, ADMIN_STORAGE_STATE, SIGNED_OUT } from './support/admin';
import { captureActionPost, replayAction, type TCapturedAction } from './support/server-action';

// Runs once, first, against the empty instance the webServer started: these steps depend on each other.
setup.describe.configure({ mode: 'serial' });
setup.use({ storageState: SIGNED_OUT });

let setupPost: TCapturedAction | undefined;

setup('an empty instance sends a visitor of /keys to sign-in, and sign-in to the one-time set-up page', async ({ page }) => {
  const visited: string[] = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) visited.push(new URL(request.url()).pathname);
  });
  await page.goto('/keys');
  await expect(page).toHaveURL(/\/setup$/);
  expect(visited).toEqual(['/keys', '/sign-in', '/setup']);
  await expect(page.getByRole('heading', { name: 'Create the administrator' })).toBeVisible();
});

setup('the administrator is created through the set-up page and signed in', async ({ page }) => {
  await page.goto('/setup');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Name').fill(ADMIN.name);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  setupPost = await captureActionPost(page, () => page.getByRole('button', { name: 'Create administrator and sign in' }).click());

  await expect(page).toHaveURL(/\/keys$/);
  await expect(page.getByTestId('signed-in-user')).toHaveText(ADMIN.email);
  await expect(page.getByRole('heading', { name: 'No keys yet' })).toBeVisible();
  await page.context().storageState({ path: ADMIN_STORAGE_STATE });
});

setup('once the administrator exists, the set-up page is no longer offered', async ({ page }) => {
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { name: 'Sign in to Keyfort' })).toBeVisible();
});

setup('once the administrator exists, posting the set-up action again creates no second administrator', async ({ playwright, baseURL }) => {
  expect(setupPost, 'the set-up POST was captured by the previous test').toBeDefined();
  const post = setupPost as TCapturedAction;
  // Same action, another would-be administrator (the form's fields travel as multipart form data).
  const intruder = { ...post, body: post.body.replace(ADMIN.email, 'intruder@keyfort.example.com') };
  expect(intruder.body).toContain('intruder@keyfort.example.com');

  const anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
  try {
    const response = await replayAction(anonymous, intruder);
    expect(response.text).toContain('already-set-up');
    // No session came with the refusal: the set-up did not sign anyone in.
    expect((await anonymous.storageState()).cookies).toEqual([]);
  } finally {
    await anonymous.dispose();
  }
});
