import { describe, expect, it } from 'vitest';
import { addPerson } from './add-person';
import { issuePasswordLink } from './issue-password-link';
import { hashLinkToken, PASSWORD_LINK_TTL_MS } from './password-link';
import { MIN_PASSWORD_LENGTH } from './people-validation';
import { setPasswordWithLink } from './set-password-with-link';
import { barrier, codeOf, createTestContext } from './testing/test-context';
import type { Principal } from './types';

const PASSWORD = 'correct horse battery staple';
const hashPassword = async (password: string) => `hashed:${password}`;

async function setUp() {
  const t = createTestContext();
  t.people.seed({ id: 'ada', role: 'ADMINISTRATOR', email: 'ada@example.test' });
  const ada: Principal = { type: 'user', id: 'ada', name: 'ada@example.test', role: 'ADMINISTRATOR', authenticatedAt: t.clock.now() };
  const added = await addPerson(t.ctx, { actor: ada, email: 'bob@example.test', name: 'Bob', role: 'KEY_USER' });
  return { ...t, ada, bob: added.person, token: added.link.token, expiresAt: added.link.expiresAt };
}

describe('set-password links', () => {
  it('stores only the SHA-256 of a 256-bit token, valid 24 h', async () => {
    const { people, token, expiresAt, clock } = await setUp();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const [link] = [...people.state.links.values()];
    expect(link?.tokenHash).toBe(hashLinkToken(token));
    expect(JSON.stringify([...people.state.links.values()])).not.toContain(token);
    expect(expiresAt.getTime() - clock.now().getTime()).toBe(PASSWORD_LINK_TTL_MS);
  });

  it('sets the password once, ends the person’s sessions and audits as the person (never the token)', async () => {
    const { ctx, store, people, bob, token } = await setUp();
    people.addSession('old', bob.id);
    expect(await setPasswordWithLink(ctx, { token, password: PASSWORD, hashPassword })).toEqual({ userId: bob.id, email: bob.email });
    expect(people.state.passwords.get(bob.id)).toBe(`hashed:${PASSWORD}`);
    expect(people.sessionsOf(bob.id)).toEqual([]);
    expect(store.audit.at(-1)).toMatchObject({ action: 'SetPassword', actorId: bob.id, result: 'SUCCESS', details: { endedSessions: 1 } });
    expect(await codeOf(setPasswordWithLink(ctx, { token, password: PASSWORD, hashPassword }))).toBe('LINK_INVALID');
    expect(store.audit.at(-1)).toMatchObject({ action: 'SetPassword', result: 'FAILURE', errorCode: 'LINK_INVALID' });
    expect(JSON.stringify(store.audit)).not.toContain(token);
    expect(JSON.stringify(store.audit)).not.toContain(PASSWORD);
  });

  it('refuses a link at its expiry instant, an unknown or malformed token, and a short password', async () => {
    const { ctx, clock, token } = await setUp();
    expect(await codeOf(setPasswordWithLink(ctx, { token, password: 'x'.repeat(MIN_PASSWORD_LENGTH - 1), hashPassword }))).toBe('VALIDATION');
    expect(await codeOf(setPasswordWithLink(ctx, { token: 'A'.repeat(43), password: PASSWORD, hashPassword }))).toBe('LINK_INVALID');
    expect(await codeOf(setPasswordWithLink(ctx, { token: 'short', password: PASSWORD, hashPassword }))).toBe('LINK_INVALID');
    clock.advance({ ms: PASSWORD_LINK_TTL_MS });
    expect(await codeOf(setPasswordWithLink(ctx, { token, password: PASSWORD, hashPassword }))).toBe('LINK_INVALID');
  });

  it('re-issuing replaces the earlier link; only administrators issue links', async () => {
    const { ctx, ada, bob, token } = await setUp();
    const fresh = await issuePasswordLink(ctx, { actor: ada, userId: bob.id });
    expect(await codeOf(setPasswordWithLink(ctx, { token, password: PASSWORD, hashPassword }))).toBe('LINK_INVALID');
    expect(await codeOf(setPasswordWithLink(ctx, { token: fresh.token, password: PASSWORD, hashPassword }))).toBe('NO_ERROR');
    const bobActor: Principal = { type: 'user', id: bob.id, name: bob.email, role: 'KEY_USER' };
    expect(await codeOf(issuePasswordLink(ctx, { actor: bobActor, userId: bob.id }))).toBe('FORBIDDEN');
  });

  it('lets exactly one of two concurrent uses of a link succeed', async () => {
    const { ctx, people, bob, token } = await setUp();
    people.hooks.beforeLock = barrier(2); // both check the link before either consumes it
    const codes = await Promise.all(
      ['first password!!', 'second password!'].map((password) => codeOf(setPasswordWithLink(ctx, { token, password, hashPassword }))),
    );
    expect(codes.sort()).toEqual(['LINK_INVALID', 'NO_ERROR']);
    expect(people.state.passwords.get(bob.id)).toMatch(/^hashed:(first|second)/);
  });
});
