import { createKeyInConsole } from './support/keys';
import { addPerson, PASSWORD, removePerson, ROLES, setPasswordElsewhere, signIn, signInAdministrator } from './support/people';
import { expect, test, type Page } from './support/test';
import { uniquePrefix } from './support/unique';
import { SIGNED_OUT } from './support/admin';

// What each role of SPEC §9 is offered in the console: an Auditor sees keys and the audit log, nothing else;
// a Key user sees keys and uses the online tool; a Key manager does lifecycle and import; an Administrator
// does everything, people and settings included. No dead buttons: what a role may not do is not shown, and
// a page it may not open says so. (The server's own refusals are walked in role-operation-matrix.test.ts.)
test.use({ storageState: SIGNED_OUT });

type TRole = (typeof ROLES)[number]['role'];

interface TOffer {
  auditLog: boolean;
  people: boolean;
  settings: boolean;
  createKey: boolean;
  lifecycle: boolean;
  importMaterial: boolean;
  onlineTool: boolean;
}

const OFFERS: Record<TRole, TOffer> = {
  ADMINISTRATOR: { auditLog: true, people: true, settings: true, createKey: true, lifecycle: true, importMaterial: true, onlineTool: true },
  KEY_MANAGER: { auditLog: false, people: false, settings: false, createKey: true, lifecycle: true, importMaterial: true, onlineTool: false },
  KEY_USER: { auditLog: false, people: false, settings: false, createKey: false, lifecycle: false, importMaterial: false, onlineTool: true },
  AUDITOR: { auditLog: true, people: false, settings: false, createKey: false, lifecycle: false, importMaterial: false, onlineTool: false },
};

const count = (offered: boolean) => (offered ? 1 : 0);

/** Opens `path`: either the page itself (its level-1 heading) or the notice that the role does not allow it. */
async function expectPage(page: Page, path: string, heading: string, allowed: boolean): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'Your role does not allow this page' })).toHaveCount(count(!allowed));
  await expect(page.getByRole('heading', { name: heading, level: 1, exact: true })).toHaveCount(count(allowed));
}

async function checkNavigation(page: Page, offer: TOffer): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const always of ['Keys', 'Access keys', 'Sign-in security', 'Account']) {
    await expect(nav.getByRole('link', { name: always, exact: true })).toBeVisible();
  }
  await expect(nav.getByRole('link', { name: 'Audit log', exact: true })).toHaveCount(count(offer.auditLog));
  await expect(nav.getByRole('link', { name: 'People', exact: true })).toHaveCount(count(offer.people));
  await expect(nav.getByRole('link', { name: 'Settings', exact: true })).toHaveCount(count(offer.settings));
}

async function checkKeyPages(page: Page, offer: TOffer, keys: { generated: string; external: string }): Promise<void> {
  await page.goto('/keys');
  await expect(page.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Create key', exact: true })).toHaveCount(count(offer.createKey));

  await page.goto(`/keys/${keys.generated}`);
  await expect(page.getByText(keys.generated).first()).toBeVisible();
  for (const name of ['Disable key', 'Schedule key deletion', 'Add alias', 'Edit']) {
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(count(offer.lifecycle));
  }
  await expect(page.getByRole('heading', { name: 'Online tool' })).toHaveCount(count(offer.onlineTool));
  await expect(page.getByRole('button', { name: 'Encrypt', exact: true })).toHaveCount(count(offer.onlineTool));

  await page.goto(`/keys/${keys.external}`);
  await expect(page.getByText(keys.external).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import key material', exact: true })).toHaveCount(count(offer.importMaterial));
}

test('each role is offered exactly what it may do, and pages beyond it say so', async ({ page, browser, baseURL }) => {
  test.slow();
  await signInAdministrator(page);
  const prefix = uniquePrefix('roles');
  const keys = {
    generated: await createKeyInConsole(page, { alias: `${prefix}/generated` }),
    external: await createKeyInConsole(page, { alias: `${prefix}/external`, origin: 'EXTERNAL' }),
  };

  const people: { email: string; role: TRole; label: string; link: string }[] = [];
  for (const { role, label } of ROLES) {
    const email = `${prefix}-${role.toLowerCase().replace('_', '-')}@example.com`;
    people.push({ email, role, label, link: await addPerson(page, { email, name: `E2E ${label}`, roleLabel: label }) });
  }

  try {
    for (const person of people) {
      await test.step(`${person.label}`, async () => {
        const offer = OFFERS[person.role];
        const { context, page: theirs } = await setPasswordElsewhere(browser, baseURL, person.link);
        try {
          await signIn(theirs, person.email, PASSWORD);
          await expect(theirs).toHaveURL(/\/keys$/);
          await expect(theirs.getByText(person.label, { exact: true }).first()).toBeVisible();
          await checkNavigation(theirs, offer);
          await checkKeyPages(theirs, offer, keys);

          await expectPage(theirs, '/keys/new', 'Create key', offer.createKey);
          await expectPage(theirs, '/audit', 'Audit log', offer.auditLog);
          await expectPage(theirs, '/people', 'People', offer.people);
          await expectPage(theirs, '/settings', 'Settings', offer.settings);

          // Everyone holds access keys of their own.
          await theirs.goto('/access-keys');
          await expect(theirs.getByRole('button', { name: 'Create access key' })).toBeVisible();
        } finally {
          await context.close();
        }
      });
    }
  } finally {
    await page.goto('/people');
    for (const person of people) await removePerson(page, person.email);
  }
});
