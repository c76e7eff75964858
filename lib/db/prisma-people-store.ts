import type { PeopleStore, PeopleStoreTx, PersonRecord } from '@/lib/kms';
import type { KeyfortPrismaClient } from './client';
import { transactionOptions, type TransactionOptions } from './prisma-key-store';
import { PERSON_FIELDS, PrismaPeopleStoreTx } from './prisma-people-store-tx';
import type { DatabaseProvider } from './target';

/** The advisory lock that orders changes to people on PostgreSQL (a constant no other lock of Keyfort uses). */
const PEOPLE_LOCK_ID = 4_746_651_220_736_582;

/**
 * The PeopleStore of lib/kms on Prisma. Every transaction takes the people lock first: on PostgreSQL a
 * transaction-level advisory lock (released at commit or rollback), on SQLite the write lock BEGIN
 * IMMEDIATE already holds. So changes to people run one after another on every instance, and the domain's
 * count of active administrators, read inside, cannot be made stale by a concurrent demotion (READ
 * COMMITTED alone would let two administrators demote each other and leave none).
 */
export class PrismaPeopleStore implements PeopleStore {
  readonly #txOptions: TransactionOptions;

  constructor(
    private readonly prisma: KeyfortPrismaClient,
    private readonly provider: DatabaseProvider,
  ) {
    this.#txOptions = transactionOptions(provider);
  }

  transaction<T>(fn: (tx: PeopleStoreTx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(async (tx) => {
      if (this.provider === 'postgresql') await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${PEOPLE_LOCK_ID})`);
      return fn(new PrismaPeopleStoreTx(tx, this.provider));
    }, this.#txOptions);
  }

  listPeople(): Promise<PersonRecord[]> {
    return this.prisma.user.findMany({ select: PERSON_FIELDS, orderBy: [{ email: 'asc' }] });
  }

  findPerson(id: string): Promise<PersonRecord | null> {
    return this.prisma.user.findUnique({ where: { id }, select: PERSON_FIELDS });
  }

  async recordSignIn(userId: string, at: Date): Promise<void> {
    await this.prisma.user.updateMany({ where: { id: userId }, data: { lastSignInAt: at } });
  }
}
