import { randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword } from 'better-auth/crypto';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { addPerson } from '@/lib/kms';
import { changeRole } from '@/lib/kms';
import { createAccessKey } from '@/lib/kms';
import { disablePerson } from '@/lib/kms';
import { listPeople } from '@/lib/kms';
import { removePerson } from '@/lib/kms';
import { resolveAccessKey } from '@/lib/kms';
import { setPasswordWithLink } from '@/lib/kms';
import type { FakeClock } from '@/lib/kms/testing/fake-clock';
import type { Principal, Role } from '@/lib/kms/types';
import { forEachDatabase } from './support/databases';
import { newClock, newKeyring, outcome, startWorkers, type Worker } from './support/domain-context';

const ROUNDS = 5;
const PASSWORD = 'correct horse battery staple';

forEachDatabase('people store', (db) => {
  let workers: Worker[];
  let clock: FakeClock;
  const a = () => workers[0]!.ctx;
  const b = () => workers[1]!.ctx;
  const prisma = () => db().database.prisma;

  /** A person row as the People page leaves it, and a principal acting as them with a fresh session. */
  async function person(role: Role | string, options: { disabled?: boolean } = {}): Promise<Principal & { email: string }> {
    const id = randomUUID();
    const email = `${id}@example.test`;
    const now = clock.now();
    await prisma().user.create({
      data: { id, email, name: id, role, createdAt: now, updatedAt: now, disabledAt: options.disabled ? now : null },
    });
    return { type: 'user', id, name: email, email, role: role as Role, authenticatedAt: now };
  }

  async function session(userId: string): Promise<void> {
    const now = clock.now();
    await prisma().session.create({
      data: { id: randomUUID(), token: randomUUID(), userId, createdAt: now, updatedAt: now, expiresAt: new Date(now.getTime() + 3_600_000) },
    });
  }

  const activeAdministrators = () => prisma().user.count({ where: { role: 'ADMINISTRATOR', disabledAt: null } });

  beforeAll(async () => {
    clock = newClock();
    workers = await startWorkers(db(), 2, clock, newKeyring());
  });

  // Every test counts administrators across the whole database, so each starts with nobody.
  beforeEach(async () => {
    await prisma().user.deleteMany({});
  });

  it('adds a person (email lower-cased, PERSON_EXISTS in any case), lists them, and audits with actor and target', async () => {
    const ada = await person('ADMINISTRATOR');
    const { person: bob, link } = await addPerson(a(), { actor: ada, email: 'Bob.' + ada.id + '@Example.test', name: 'Bob', role: 'AUDITOR' });
    expect(bob.email).toBe(`bob.${ada.id}@example.test`);
    expect(await outcome(addPerson(b(), { actor: ada, email: bob.email.toUpperCase(), name: 'Bob', role: 'AUDITOR' }))).toBe('PERSON_EXISTS');
    expect((await listPeople(a(), { actor: ada })).map((p) => [p.email, p.role, p.status])).toEqual(
      [
        [ada.email, 'ADMINISTRATOR', 'ACTIVE'],
        [bob.email, 'AUDITOR', 'ACTIVE'],
      ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
    );
    const links = await prisma().passwordLink.findMany({ where: { userId: bob.id } });
    expect(links).toHaveLength(1);
    expect(links[0]?.tokenHash).not.toContain(link.token);
    const audit = await prisma().auditEvent.findFirst({ where: { action: 'AddPerson', actorId: ada.id } });
    expect(JSON.parse(audit?.details ?? '{}')).toMatchObject({ targetUserId: bob.id, targetEmail: bob.email, role: 'AUDITOR' });
  });

  it('two administrators demoting each other at once: exactly one succeeds and one active administrator remains, every time', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await prisma().user.deleteMany({});
      const [ada, bea] = [await person('ADMINISTRATOR'), await person('ADMINISTRATOR')];
      const codes = await Promise.all([
        outcome(changeRole(a(), { actor: ada, userId: bea.id, role: 'KEY_USER' })),
        outcome(changeRole(b(), { actor: bea, userId: ada.id, role: 'KEY_USER' })),
      ]);
      expect(codes.sort()).toEqual(['LAST_ADMINISTRATOR', 'OK']);
      expect(await activeAdministrators()).toBe(1);
    }
  });

  it('two administrators disabling (or removing) each other at once: exactly one succeeds, every time', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await prisma().user.deleteMany({});
      const [ada, bea] = [await person('ADMINISTRATOR'), await person('ADMINISTRATOR')];
      const remove = round % 2 === 1;
      const codes = await Promise.all(
        remove
          ? [removePerson(a(), { actor: ada, userId: bea.id }), removePerson(b(), { actor: bea, userId: ada.id })].map(outcome)
          : [disablePerson(a(), { actor: ada, userId: bea.id }), disablePerson(b(), { actor: bea, userId: ada.id })].map(outcome),
      );
      expect(codes.sort()).toEqual(['LAST_ADMINISTRATOR', 'OK']);
      expect(await activeAdministrators()).toBe(1);
    }
  });

  it('disabling ends the person’s sessions in the same transaction, and stops their access keys', async () => {
    const ada = await person('ADMINISTRATOR');
    const kim = await person('KEY_USER');
    await session(kim.id);
    await session(kim.id);
    await session(ada.id);
    const { accessKey } = await createAccessKey(a(), { actor: kim, role: 'KEY_USER' });
    expect(await resolveAccessKey(b(), { accessKeyId: accessKey.id })).not.toBeNull();
    await disablePerson(a(), { actor: ada, userId: kim.id });
    expect(await prisma().session.count({ where: { userId: kim.id } })).toBe(0);
    expect(await prisma().session.count({ where: { userId: ada.id } })).toBe(1);
    expect(await resolveAccessKey(b(), { accessKeyId: accessKey.id })).toBeNull();
    expect((await prisma().accessKey.findUnique({ where: { id: accessKey.id } }))?.revokedAt).toBeNull();
  });

  it('removing deletes the person with sessions, password and links, and revokes their access keys (rows kept)', async () => {
    const ada = await person('ADMINISTRATOR');
    const { person: bob } = await addPerson(a(), { actor: ada, email: `bob-${ada.id}@example.test`, name: 'Bob', role: 'KEY_MANAGER' });
    await session(bob.id);
    const bobActor: Principal = { type: 'user', id: bob.id, name: bob.email, role: 'KEY_MANAGER', authenticatedAt: clock.now() };
    const { accessKey } = await createAccessKey(a(), { actor: bobActor, role: 'KEY_MANAGER' });
    const removed = await removePerson(b(), { actor: ada, userId: bob.id });
    expect(removed.revokedAccessKeyIds).toEqual([accessKey.id]);
    expect(await prisma().user.findUnique({ where: { id: bob.id } })).toBeNull();
    expect(await prisma().session.count({ where: { userId: bob.id } })).toBe(0);
    expect(await prisma().passwordLink.count({ where: { userId: bob.id } })).toBe(0);
    expect(await prisma().accessKey.findUnique({ where: { id: accessKey.id } })).toMatchObject({ secretCiphertext: null, revokedAt: expect.any(Date) });
  });

  it('a demoted owner’s access key stops working when their new role does not cover it', async () => {
    const ada = await person('ADMINISTRATOR');
    const kim = await person('ADMINISTRATOR');
    const { accessKey } = await createAccessKey(a(), { actor: kim, role: 'KEY_USER' });
    await changeRole(a(), { actor: ada, userId: kim.id, role: 'AUDITOR' });
    expect(await resolveAccessKey(b(), { accessKeyId: accessKey.id })).toBeNull();
  });

  it('a set-password link works once, also when used twice at once; the password verifies and sessions end', async () => {
    const ada = await person('ADMINISTRATOR');
    for (let round = 0; round < ROUNDS; round++) {
      const { person: bob, link } = await addPerson(a(), { actor: ada, email: `bob-${round}-${ada.id}@example.test`, name: 'Bob', role: 'KEY_USER' });
      await session(bob.id);
      const codes = await Promise.all(
        [a(), b()].map((ctx, i) => outcome(setPasswordWithLink(ctx, { token: link.token, password: `${PASSWORD} ${i}`, hashPassword }))),
      );
      expect(codes.sort()).toEqual(['LINK_INVALID', 'OK']);
      const accounts = await prisma().account.findMany({ where: { userId: bob.id, providerId: 'credential' } });
      expect(accounts).toHaveLength(1);
      expect(accounts[0]?.accountId).toBe(bob.id);
      const verifies = await Promise.all([0, 1].map((i) => verifyPassword({ hash: accounts[0]!.password!, password: `${PASSWORD} ${i}` })));
      expect(verifies.filter(Boolean)).toHaveLength(1);
      expect(await prisma().session.count({ where: { userId: bob.id } })).toBe(0);
      expect(await outcome(setPasswordWithLink(b(), { token: link.token, password: PASSWORD, hashPassword }))).toBe('LINK_INVALID');
    }
  });
});
