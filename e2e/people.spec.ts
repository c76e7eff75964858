import { expect, test } from './support/test';
import { ADMIN, SIGNED_OUT } from './support/admin';
import { addPerson, PASSWORD, personRow, removePerson, ROLES, setPasswordElsewhere, signIn, signInAdministrator } from './support/people';
import { holdPageRefresh } from './support/hold-refresh';
import { actionArgs, captureActionPost, replayAction, withInput } from './support/server-action';
import { uniquePrefix } from './support/unique';

// People (SPEC §9): an administrator adds people with a one-time set-password link, changes roles,
// disables, enables and removes them. Role changes and removal need a fresh sign-in (≤ 10 minutes), so every
// test signs the administrator in anew. Sign-in failures count against the per-address limit (10 / 15 min):
// this file makes one (a disabled person trying).
test.use({ storageState: SIGNED_OUT });

test('the one-time link dialog closes at the first click, even while the list behind it is still refreshing', async ({ page }) => {
  const email = `${uniquePrefix('slow-refresh')}@example.com`;
  await signInAdministrator(page);
  await page.goto('/people');
  await page.getByRole('button', { name: 'Add person' }).click();
  const form = page.getByRole('dialog', { name: 'Add person' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Name').fill('Slow Refresh');
  await form.getByLabel('Role').selectOption({ label: 'Auditor' });
  const release = await holdPageRefresh(page);
  try {
    await form.getByRole('button', { name: 'Add person' }).click();
    const dialog = page.getByRole('dialog', { name: `${email} added` });
    await dialog.getByRole('button', { name: 'I have copied the link, close' }).click();
    await expect(dialog).toBeHidden();
  } finally {
    await release();
  }
  await expect(personRow(page, email)).toBeVisible();
});

test('a person of each role sets a password from a one-time link, signs in, and sees what the role offers', async ({ page, browser, baseURL }) => {
  test.slow();
  await signInAdministrator(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
  await expect(page.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();

  const prefix = uniquePrefix('person');
  const people: { email: string; label: string; link: string }[] = [];
  for (const { role, label } of ROLES) {
    const email = `${prefix}-${role.toLowerCase().replace('_', '-')}@example.com`;
    people.push({ email, label, link: await addPerson(page, { email, name: `E2E ${label}`, roleLabel: label }) });
  }

  for (const person of people) {
    await test.step(`${person.label}: set the password, sign in, see the role`, async () => {
      const { context, page: theirs } = await setPasswordElsewhere(browser, baseURL, person.link);
      try {
        await signIn(theirs, person.email, PASSWORD);
        await expect(theirs).toHaveURL(/\/keys$/);
        await expect(theirs.getByTestId('signed-in-user')).toHaveText(person.email);
        const nav = theirs.getByRole('navigation', { name: 'Main' });
        await expect(nav.getByRole('link', { name: 'Access keys' })).toBeVisible();
        await expect(nav.getByRole('link', { name: 'People' })).toHaveCount(person.label === 'Administrator' ? 1 : 0);
        if (person.label !== 'Administrator') {
          await theirs.goto('/people');
          await expect(theirs.getByRole('heading', { name: 'Your role does not allow this page' })).toBeVisible();
        }
        await expect(personRow(page, person.email)).toBeVisible();
      } finally {
        await context.close();
      }
    });
  }

  await test.step('a used link is refused the second time', async () => {
    const context = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
    try {
      const again = await context.newPage();
      await again.goto(people[0]!.link);
      await again.getByLabel('New password').fill(`${PASSWORD}-again`);
      await again.getByLabel('Confirm password').fill(`${PASSWORD}-again`);
      await again.getByRole('button', { name: 'Set password' }).click();
      await expect(again.getByRole('alert').filter({ hasText: 'This link is not valid' })).toBeVisible();
    } finally {
      await context.close();
    }
  });

  await test.step('last sign-in is shown, and everyone added is removed again', async () => {
    await page.reload();
    await expect(personRow(page, people[1]!.email)).not.toContainText('Never');
    for (const person of people) await removePerson(page, person.email);
  });
});

test('changing the role applies at once; disabling ends the session and refuses sign-in; removal deletes the person', async ({ page, browser, baseURL }) => {
  test.slow();
  await signInAdministrator(page);
  const email = `${uniquePrefix('lifecycle')}@example.com`;
  const link = await addPerson(page, { email, name: 'E2E Lifecycle', roleLabel: 'Key user' });
  const { context, page: theirs } = await setPasswordElsewhere(browser, baseURL, link);
  try {
    await signIn(theirs, email, PASSWORD);
    await expect(theirs).toHaveURL(/\/keys$/);
    await expect(theirs.getByRole('banner')).toContainText('Key user');

    await test.step('change role', async () => {
      await personRow(page, email).getByRole('button', { name: `Change the role of ${email}` }).click();
      const dialog = page.getByRole('dialog', { name: `Change the role of ${email}` });
      await dialog.getByLabel('Role').selectOption({ label: 'Auditor' });
      await dialog.getByRole('button', { name: 'Change role' }).click();
      await expect(personRow(page, email).getByTestId('person-role')).toHaveText('Auditor');
      await theirs.reload();
      await expect(theirs.getByRole('banner')).toContainText('Auditor');
    });

    await test.step('disable: their session ends and they cannot sign in', async () => {
      await personRow(page, email).getByRole('button', { name: `Disable ${email}` }).click();
      await page.getByRole('alertdialog', { name: `Disable ${email}?` }).getByRole('button', { name: 'Disable' }).click();
      await expect(personRow(page, email).getByTestId('person-status')).toHaveText('Disabled');
      await theirs.goto('/keys');
      await expect(theirs).toHaveURL(/\/sign-in$/);
      await signIn(theirs, email, PASSWORD);
      await expect(theirs.getByRole('alert').filter({ hasText: 'Email or password is incorrect.' })).toBeVisible();
    });

    await test.step('enable, then remove', async () => {
      await personRow(page, email).getByRole('button', { name: `Enable ${email}` }).click();
      await expect(personRow(page, email).getByTestId('person-status')).toHaveText('Active');
      await removePerson(page, email);
    });
  } finally {
    await context.close();
  }
});

test('nobody acts on their own account: no controls on one’s own row, and a posted change is refused', async ({ page, browser, baseURL }) => {
  await signInAdministrator(page);
  const email = `${uniquePrefix('own')}@example.com`;
  await addPerson(page, { email, name: 'E2E Own account', roleLabel: 'Auditor' });
  const own = personRow(page, ADMIN.email);
  await expect(own).toContainText('(you)');
  await expect(own.getByRole('button')).toHaveCount(0);

  // The console offers no way to demote oneself (nor, with someone signed in, to remove the last
  // administrator: that person is always themselves); a script posting the action is refused, and the
  // refusal shows where a person would see it: the role is unchanged after a reload.
  const ownId = (await own.getAttribute('data-person-id')) ?? '';
  const action = await captureActionPost(page, async () => {
    await personRow(page, email).getByRole('button', { name: `Change the role of ${email}` }).click();
    const dialog = page.getByRole('dialog', { name: `Change the role of ${email}` });
    await dialog.getByLabel('Role').selectOption({ label: 'Key user' });
    await dialog.getByRole('button', { name: 'Change role' }).click();
  });
  expect(actionArgs(action)).toEqual([{ userId: expect.any(String), role: 'KEY_USER' }]);
  await expect(personRow(page, email).getByTestId('person-role')).toHaveText('Key user');
  await replayAction(page.request, withInput(action, { userId: ownId, role: 'AUDITOR' }));
  await page.reload();
  await expect(own.getByTestId('person-role')).toHaveText('Administrator');

  // Signed out, the action is refused before anything else: the other person keeps the role they have.
  const stranger = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
  try {
    await replayAction(stranger.request, withInput(action, { role: 'AUDITOR' }));
  } finally {
    await stranger.close();
  }
  await page.reload();
  await expect(personRow(page, email).getByTestId('person-role')).toHaveText('Key user');
  await removePerson(page, email);
});
