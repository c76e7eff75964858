import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isKmsError, KmsError } from '@/lib/kms';
import { createDatabase, type Database } from './client';
import { isDatabaseUnreachable, surfaceDatabaseUnavailable } from './database-unavailable';
import { Prisma } from './generated/sqlite/client';

const servers: Server[] = [];
const databases: Database[] = [];
afterEach(async () => {
  for (const database of databases.splice(0)) await database.close().catch(() => undefined);
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A TCP port with a listener of our own: `accept` decides what happens to each connection. */
async function listening(accept: (socket: import('node:net').Socket) => void): Promise<number> {
  const server = createServer(accept);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

async function closedPort(): Promise<number> {
  const port = await listening(() => undefined);
  await new Promise((resolve) => servers.pop()!.close(resolve));
  return port;
}

/** What Prisma on PostgreSQL really throws for a query when the server at `port` misbehaves. */
async function queryError(port: number): Promise<unknown> {
  const database = await createDatabase({ databaseUrl: `postgresql://keyfort@127.0.0.1:${port}/keyfort`, dataDir: '.', migrate: false });
  databases.push(database);
  return database.prisma.key.findUnique({ where: { id: 'k' } }).then(
    () => expect.unreachable('the query succeeded without a database'),
    (error: unknown) => error,
  );
}

const known = (code: string) => new Prisma.PrismaClientKnownRequestError('x', { code, clientVersion: '7' });
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnreachable', () => {
  it('recognises what Prisma throws when nothing listens at the database address (connection refused)', async () => {
    expect(isDatabaseUnreachable(await queryError(await closedPort()))).toBe(true);
  });

  it('recognises what Prisma throws when the server cuts the connection before answering', async () => {
    expect(isDatabaseUnreachable(await queryError(await listening((socket) => socket.destroy())))).toBe(true);
  });

  it.each([
    ['Prisma: server not reached', known('P1001')],
    ['Prisma: server closed the connection', known('P1017')],
    ['Prisma: operation timed out', known('P1008')],
    ['Prisma: no connection from the pool in time', known('P2024')],
    ['a driver adapter error whose kind is ConnectionClosed', Object.assign(known('P2010'), { meta: { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } } })],
    ['a driver adapter error carrying SQLSTATE 57P01 (administrator shutdown)', Object.assign(known('P2010'), { meta: { driverAdapterError: { cause: { kind: 'postgres', originalCode: '57P01' } } } })],
    ['pg: SQLSTATE 08006 (connection failure)', withCode('connection failure', '08006')],
    ['pg: SQLSTATE 57P03 (cannot connect now, e.g. starting up)', withCode('the database system is starting up', '57P03')],
    ['pg: SQLSTATE 57014 (statement timeout)', withCode('canceling statement due to statement timeout', '57014')],
    ['node: ECONNRESET', withCode('read ECONNRESET', 'ECONNRESET')],
    ['pg-pool: connect timeout', new Error('timeout exceeded when trying to connect')],
    ['pg: connection terminated, as the cause of another error', new Error('query failed', { cause: new Error('Connection terminated unexpectedly') })],
    ['one of several errors', new AggregateError([new Error('x'), withCode('connect ECONNREFUSED', 'ECONNREFUSED')])],
  ])('recognises %s', (_what, error) => {
    expect(isDatabaseUnreachable(error)).toBe(true);
  });

  it.each([
    ['a unique constraint violation (P2002)', known('P2002')],
    ['a domain refusal', new KmsError('NOT_FOUND', 'No such key.')],
    ['SQLSTATE 23505', withCode('duplicate key value', '23505')],
    ['SQLSTATE 40001 (serialization failure: retry, not unreachable)', withCode('could not serialize access', '40001')],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a string', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('does not take %s for an unreachable database', (_what, error) => {
    expect(isDatabaseUnreachable(error)).toBe(false);
  });
});

describe('surfaceDatabaseUnavailable', () => {
  class Store {
    readonly #rows = new Map([['k', 1]]);
    find(id: string): Promise<number | null> {
      return Promise.resolve(this.#rows.get(id) ?? null);
    }
    async unreachable(): Promise<never> {
      throw known('P1001');
    }
    async refuse(): Promise<never> {
      throw new KmsError('DISABLED', 'Disabled.');
    }
    async broken(): Promise<never> {
      throw new TypeError('a bug');
    }
    transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
      return fn(this);
    }
  }
  const store = surfaceDatabaseUnavailable(new Store());

  it('turns an unreachable database into the domain error UNAVAILABLE, with a message that says so and no driver text', async () => {
    const error = await store.unreachable().catch((e: unknown) => e);
    expect(isKmsError(error) && error.code).toBe('UNAVAILABLE');
    expect((error as Error).message).toMatch(/database is unreachable/);
  });

  it('also when the database went away inside a transaction', async () => {
    const error = await store.transaction(() => Promise.reject(withCode('Connection terminated unexpectedly', 'ECONNRESET'))).catch((e: unknown) => e);
    expect(isKmsError(error) && error.code).toBe('UNAVAILABLE');
  });

  it('leaves results, domain refusals and other faults as they were (methods keep their private state)', async () => {
    expect(await store.find('k')).toBe(1);
    const refusal = await store.refuse().catch((e: unknown) => e);
    expect(isKmsError(refusal) && refusal.code).toBe('DISABLED');
    await expect(store.broken()).rejects.toThrow(TypeError);
  });
});
