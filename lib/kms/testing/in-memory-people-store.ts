import type { NewPerson, PasswordLinkRecord, PeopleStore, PeopleStoreTx, PersonPatch, PersonRecord } from '../people-store';
import type { AuditEventInput } from '../types';
import type { InMemoryAccessKeyStore } from './in-memory-access-key-store';
import type { InMemoryKeyStore, InMemoryTx } from './in-memory-store';

/** Everything the people store holds, copied whole per transaction (the people lock makes that safe). */
interface PeopleState {
  people: Map<string, PersonRecord>;
  links: Map<string, PasswordLinkRecord>;
  /** session ID → user ID */
  sessions: Map<string, string>;
  /** user ID → password hash (Better Auth's credential account) */
  passwords: Map<string, string>;
}

const copyPerson = (p: PersonRecord): PersonRecord => ({ ...p });
const copyState = (s: PeopleState): PeopleState => ({
  people: new Map([...s.people].map(([id, p]) => [id, copyPerson(p)])),
  links: new Map([...s.links].map(([id, l]) => [id, { ...l }])),
  sessions: new Map(s.sessions),
  passwords: new Map(s.passwords),
});

/**
 * Test-only PeopleStore. Transactions run inside a key-store transaction (so audit records land in
 * `keys.audit` and vanish on rollback) under one lock, like the Prisma store's advisory lock: they run one
 * after another, and a transaction's writes appear only when it commits. `hooks.beforeLock` lets a test
 * line racers up at the lock.
 */
export class InMemoryPeopleStore implements PeopleStore {
  state: PeopleState = { people: new Map(), links: new Map(), sessions: new Map(), passwords: new Map() };
  readonly hooks: { beforeLock?: () => Promise<void> | void } = {};

  constructor(
    private readonly keys: InMemoryKeyStore,
    private readonly accessKeys: InMemoryAccessKeyStore,
  ) {}

  transaction<T>(fn: (tx: PeopleStoreTx) => Promise<T>): Promise<T> {
    return this.keys.transaction(async (kstx) => {
      const ktx = kstx as InMemoryTx;
      await this.hooks.beforeLock?.();
      await this.keys.acquire(ktx, 'installation:people');
      const draft = copyState(this.state);
      const revoked: Array<{ id: string; now: Date }> = [];
      const result = await fn(new InMemoryPeopleTx(draft, ktx, this.accessKeys, revoked));
      this.state = draft;
      for (const { id, now } of revoked) {
        const row = this.accessKeys.rows.get(id);
        if (row) this.accessKeys.rows.set(id, { ...row, revokedAt: now, secretCiphertext: null });
      }
      return result;
    });
  }

  async listPeople(): Promise<PersonRecord[]> {
    return [...this.state.people.values()].sort((a, b) => (a.email < b.email ? -1 : 1)).map(copyPerson);
  }

  async findPerson(id: string): Promise<PersonRecord | null> {
    const person = this.state.people.get(id);
    return person ? copyPerson(person) : null;
  }

  async recordSignIn(userId: string, at: Date): Promise<void> {
    const person = this.state.people.get(userId);
    if (person) person.lastSignInAt = new Date(at);
  }

  /** Test set-up: a person as the first-run set-up or the People page would leave them. */
  seed(person: Partial<PersonRecord> & Pick<PersonRecord, 'id' | 'role'>): PersonRecord {
    const at = new Date('2030-01-01T00:00:00.000Z');
    const record: PersonRecord = {
      email: `${person.id}@example.test`,
      name: person.id,
      disabledAt: null,
      lastSignInAt: null,
      twoFactorEnabled: false,
      createdAt: at,
      updatedAt: at,
      ...person,
    };
    this.state.people.set(record.id, record);
    return copyPerson(record);
  }

  /** Test set-up: a signed-in session of the person. */
  addSession(sessionId: string, userId: string): void {
    this.state.sessions.set(sessionId, userId);
  }

  sessionsOf(userId: string): string[] {
    return [...this.state.sessions].filter(([, owner]) => owner === userId).map(([id]) => id);
  }
}

class InMemoryPeopleTx implements PeopleStoreTx {
  constructor(
    private readonly s: PeopleState,
    private readonly ktx: InMemoryTx,
    private readonly accessKeys: InMemoryAccessKeyStore,
    private readonly revoked: Array<{ id: string; now: Date }>,
  ) {}

  async findPerson(id: string) {
    const person = this.s.people.get(id);
    return person ? copyPerson(person) : null;
  }

  async findPersonByEmail(email: string) {
    const person = [...this.s.people.values()].find((p) => p.email === email);
    return person ? copyPerson(person) : null;
  }

  async countActiveAdministrators() {
    return [...this.s.people.values()].filter((p) => p.role === 'ADMINISTRATOR' && p.disabledAt === null).length;
  }

  async insertPerson(person: NewPerson) {
    if ([...this.s.people.values()].some((p) => p.email === person.email)) return false;
    this.s.people.set(person.id, { ...person, disabledAt: null, lastSignInAt: null, twoFactorEnabled: false });
    return true;
  }

  async updatePerson(id: string, patch: PersonPatch) {
    const person = this.s.people.get(id);
    if (!person) return false;
    this.s.people.set(id, { ...person, ...patch });
    return true;
  }

  async deletePerson(id: string) {
    if (!this.s.people.delete(id)) return false;
    for (const [linkId, link] of this.s.links) if (link.userId === id) this.s.links.delete(linkId);
    this.s.passwords.delete(id);
    await this.deleteSessions(id);
    return true;
  }

  async deleteSessions(userId: string) {
    let count = 0;
    for (const [sessionId, owner] of this.s.sessions) {
      if (owner === userId) {
        this.s.sessions.delete(sessionId);
        count += 1;
      }
    }
    return count;
  }

  async revokeAccessKeysOf(userId: string, now: Date) {
    const ids = [...this.accessKeys.rows.values()].filter((k) => k.ownerUserId === userId && k.revokedAt === null).map((k) => k.id);
    for (const id of ids) this.revoked.push({ id, now: new Date(now) });
    return ids;
  }

  async replacePasswordLink(link: PasswordLinkRecord) {
    for (const [id, existing] of this.s.links) if (existing.userId === link.userId) this.s.links.delete(id);
    this.s.links.set(link.id, { ...link });
  }

  async findPasswordLinkByHash(tokenHash: string) {
    const link = [...this.s.links.values()].find((l) => l.tokenHash === tokenHash);
    return link ? { ...link } : null;
  }

  async consumePasswordLink(id: string, now: Date) {
    const link = this.s.links.get(id);
    if (!link || link.usedAt !== null || link.expiresAt <= now) return false;
    this.s.links.set(id, { ...link, usedAt: new Date(now) });
    return true;
  }

  async setPassword(userId: string, passwordHash: string) {
    this.s.passwords.set(userId, passwordHash);
  }

  insertAudit(event: AuditEventInput) {
    return this.ktx.insertAudit(event);
  }
}
