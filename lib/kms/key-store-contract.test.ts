import { keyStoreContract } from './testing/key-store-contract';
import { InMemoryKeyStore } from './testing/in-memory-store';

// The fake the domain's unit tests run on, held to the same cases as the Prisma store on both databases.
const store = new InMemoryKeyStore();
keyStoreContract('in-memory', () => ({ store }));
