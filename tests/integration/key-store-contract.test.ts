import { keyStoreContract } from '@/lib/kms/testing/key-store-contract';
import { forEachDatabase } from './support/databases';

// The same cases the in-memory store passes (lib/kms/key-store-contract.test.ts), on SQLite and PostgreSQL.
forEachDatabase('key store contract', (db) => {
  keyStoreContract('Prisma', () => ({ store: db().store }));
});
