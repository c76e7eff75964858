import { randomUUID } from 'node:crypto';
import type { NewPerson, PasswordLinkRecord, PeopleStoreTx, PersonPatch, PersonRecord } from '@/lib/kms';
import type { AuditEventInput } from '@/lib/kms/types';
import { toAuditCreateData } from './audit-record';
import type { Prisma as PostgresqlPrisma } from './generated/postgresql/client';
import type { Prisma } from './generated/sqlite/client';
import type { DatabaseProvider } from './target';

/** The columns of Better Auth's user row that make a person. */
export const PERSON_FIELDS = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  lastSignInAt: true,
  twoFactorEnabled: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.UserSelect;

/** Better Auth's provider ID of an email-and-password account. */
const CREDENTIAL_PROVIDER = 'credential';

/**
 * The people store's writes inside one interactive transaction that already holds the people lock
 * (PrismaPeopleStore.transaction), so reads here stay true until commit.
 */
export class PrismaPeopleStoreTx implements PeopleStoreTx {
  constructor(
    private readonly tx: Prisma.TransactionClient,
    private readonly provider: DatabaseProvider,
  ) {}

  findPerson(id: string): Promise<PersonRecord | null> {
    return this.tx.user.findUnique({ where: { id }, select: PERSON_FIELDS });
  }

  findPersonByEmail(email: string): Promise<PersonRecord | null> {
    return this.tx.user.findUnique({ where: { email }, select: PERSON_FIELDS });
  }

  countActiveAdministrators(): Promise<number> {
    return this.tx.user.count({ where: { role: 'ADMINISTRATOR', disabledAt: null } });
  }

  async insertPerson(person: NewPerson): Promise<boolean> {
    const data = { ...person, emailVerified: false };
    if (this.provider === 'postgresql') {
      // A unique violation would abort the PostgreSQL transaction; ON CONFLICT DO NOTHING reports 0 rows
      // instead (also against a user the first-run set-up inserts without the people lock).
      const pgTx = this.tx as unknown as PostgresqlPrisma.TransactionClient;
      const { count } = await pgTx.user.createMany({ data: [data], skipDuplicates: true });
      return count === 1;
    }
    // SQLite: this transaction holds the write lock (BEGIN IMMEDIATE); nobody inserts in between.
    if (await this.findPersonByEmail(person.email)) return false;
    await this.tx.user.create({ data });
    return true;
  }

  async updatePerson(id: string, patch: PersonPatch): Promise<boolean> {
    const { count } = await this.tx.user.updateMany({ where: { id }, data: patch });
    return count === 1;
  }

  async deletePerson(id: string): Promise<boolean> {
    // Sessions, accounts, two-factor rows and links go with it (ON DELETE CASCADE).
    const { count } = await this.tx.user.deleteMany({ where: { id } });
    return count === 1;
  }

  async deleteSessions(userId: string): Promise<number> {
    const { count } = await this.tx.session.deleteMany({ where: { userId } });
    return count;
  }

  async revokeAccessKeysOf(userId: string, now: Date): Promise<string[]> {
    const rows = await this.tx.accessKey.findMany({ where: { ownerUserId: userId, revokedAt: null }, select: { id: true } });
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    // Conditional like revokeAccessKey's: a key revoked meanwhile keeps its own revocation time.
    await this.tx.accessKey.updateMany({ where: { id: { in: ids }, revokedAt: null }, data: { revokedAt: now, secretCiphertext: null } });
    return ids;
  }

  async replacePasswordLink(link: PasswordLinkRecord): Promise<void> {
    await this.tx.passwordLink.deleteMany({ where: { userId: link.userId } });
    await this.tx.passwordLink.create({ data: link });
  }

  findPasswordLinkByHash(tokenHash: string): Promise<PasswordLinkRecord | null> {
    return this.tx.passwordLink.findUnique({ where: { tokenHash } });
  }

  async consumePasswordLink(id: string, now: Date): Promise<boolean> {
    // On PostgreSQL a concurrent consumer waits for our row lock, then re-tests usedAt and matches nothing.
    const { count } = await this.tx.passwordLink.updateMany({
      where: { id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    return count === 1;
  }

  async setPassword(userId: string, passwordHash: string, now: Date): Promise<void> {
    const { count } = await this.tx.account.updateMany({
      where: { userId, providerId: CREDENTIAL_PROVIDER },
      data: { password: passwordHash, updatedAt: now },
    });
    if (count > 0) return;
    // As Better Auth links a credential account: accountId is the user's own ID.
    await this.tx.account.create({
      data: { id: randomUUID(), accountId: userId, providerId: CREDENTIAL_PROVIDER, userId, password: passwordHash, createdAt: now, updatedAt: now },
    });
  }

  async insertAudit(event: AuditEventInput): Promise<void> {
    await this.tx.auditEvent.create({ data: toAuditCreateData(event) });
  }
}
