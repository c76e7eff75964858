'use server';

import { addPerson } from '@/lib/kms';
import { changeRole } from '@/lib/kms';
import { disablePerson } from '@/lib/kms';
import { enablePerson } from '@/lib/kms';
import { issuePasswordLink } from '@/lib/kms';
import { ZAddPersonInput, ZChangeRoleInput, ZPersonRef } from '@/lib/kms';
import { removePerson } from '@/lib/kms';
import { defineAction } from '@/lib/server/action';

// People (SPEC §9). The domain checks the role (users:manage), the rules (own account, last
// administrator, fresh authentication for role changes and removal) and audits every change.

/** The link's token goes to the administrator in this response only; the browser builds the URL from it. */
type TIssuedLink = { token: string; expiresAt: string };

export const addPersonAction = defineAction('addPerson', ZAddPersonInput, async (ctx, actor, input): Promise<{ userId: string; email: string; link: TIssuedLink }> => {
  const { person, link } = await addPerson(ctx, { actor, ...input });
  return { userId: person.id, email: person.email, link: { token: link.token, expiresAt: link.expiresAt.toISOString() } };
});

export const issuePasswordLinkAction = defineAction('issuePasswordLink', ZPersonRef, async (ctx, actor, { userId }): Promise<TIssuedLink> => {
  const link = await issuePasswordLink(ctx, { actor, userId });
  return { token: link.token, expiresAt: link.expiresAt.toISOString() };
});

export const changeRoleAction = defineAction('changeRole', ZChangeRoleInput, async (ctx, actor, input) => {
  const person = await changeRole(ctx, { actor, ...input });
  return { userId: person.id, role: person.role };
});

export const disablePersonAction = defineAction('disablePerson', ZPersonRef, async (ctx, actor, { userId }) => {
  await disablePerson(ctx, { actor, userId });
  return { userId };
});

export const enablePersonAction = defineAction('enablePerson', ZPersonRef, async (ctx, actor, { userId }) => {
  await enablePerson(ctx, { actor, userId });
  return { userId };
});

export const removePersonAction = defineAction('removePerson', ZPersonRef, async (ctx, actor, { userId }) => {
  await removePerson(ctx, { actor, userId });
  return { userId };
});
