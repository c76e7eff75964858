import { beforeAll, expect, it } from 'vitest';
import { counterKey } from '@/lib/auth/attempt-limiter';
import { SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_FAILURES_PER_ADDRESS, SIGN_IN_WINDOW_MS } from '@/lib/auth/constants';
import { SIGN_IN_ADDRESS_LIMIT, SignInThrottle } from '@/lib/auth/sign-in-throttle';
import { PrismaAttemptCounters } from '@/lib/db/prisma-attempt-counters';
import { forEachDatabase, type Connection } from './support/databases';

// Each test runs in a window of its own (counters expire with their window), far from the others.
let nextWindow = 0;
const freshWindowStart = () => Date.UTC(2031, 0, 1) + nextWindow++ * 4 * SIGN_IN_WINDOW_MS;

forEachDatabase('attempt counters', (db) => {
  let other: Connection;
  const countersOf = (connection: Connection) => new PrismaAttemptCounters(connection.database.prisma);
  const throttles = (nowMs: number) =>
    [db(), other].map((connection) => new SignInThrottle({ counters: countersOf(connection), now: () => nowMs }));

  beforeAll(async () => {
    other = await db().connect();
  });

  it('concurrent increments from two instances each get a distinct count: none lost, none shared', async () => {
    const nowMs = freshWindowStart();
    const key = counterKey(SIGN_IN_ADDRESS_LIMIT, 'race', nowMs);
    const instances = [countersOf(db()), countersOf(other)];
    const counts = await Promise.all(
      Array.from({ length: 40 }, (_, index) => instances[index % 2]!.increment({ key, expiresAtMs: nowMs + 60_000, nowMs })),
    );
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
  });

  it('a decrement never goes below zero, and expired counters are dropped without touching Better Auth rows', async () => {
    const nowMs = freshWindowStart();
    const counters = countersOf(db());
    const key = counterKey(SIGN_IN_ADDRESS_LIMIT, 'down', nowMs);
    const betterAuthKey = `203.0.113.7/sign-in/email-${nowMs}`;
    await db().database.prisma.rateLimit.create({ data: { id: betterAuthKey, key: betterAuthKey, count: 3, lastRequest: 0n } });
    expect(await counters.increment({ key, expiresAtMs: nowMs + 1000, nowMs })).toBe(1);
    await counters.decrement({ key });
    await counters.decrement({ key });
    expect(await counters.increment({ key, expiresAtMs: nowMs + 1000, nowMs })).toBe(1);

    // Later: the counter has expired and goes with the next increment of any key; Better Auth's row stays.
    const later = nowMs + 2000;
    await counters.increment({ key: counterKey(SIGN_IN_ADDRESS_LIMIT, 'other', later), expiresAtMs: later + 1000, nowMs: later });
    const rows = await db().database.prisma.rateLimit.findMany({ where: { key: { in: [key, betterAuthKey] } } });
    expect(rows.map((row) => row.key)).toEqual([betterAuthKey]);
  });

  it('concurrent sign-ins from one address: exactly the address limit is admitted', async () => {
    const [a, b] = throttles(freshWindowStart());
    const verdicts = await Promise.all(
      Array.from({ length: 2 * SIGN_IN_FAILURES_PER_ADDRESS }, (_, index) =>
        (index % 2 ? a! : b!).admit({ address: '203.0.113.7', account: 'concurrent-address@example.com' }),
      ),
    );
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(SIGN_IN_FAILURES_PER_ADDRESS);
    expect(verdicts.filter((verdict) => !verdict.allowed && verdict.limitedBy === 'address')).toHaveLength(SIGN_IN_FAILURES_PER_ADDRESS);
  });

  it('concurrent sign-ins on one account from many addresses: exactly the account limit is admitted, then every address is refused', async () => {
    const nowMs = freshWindowStart();
    const [a, b] = throttles(nowMs);
    const account = 'many-addresses@example.com';
    const attempts = SIGN_IN_FAILURES_PER_ACCOUNT + 15;
    const verdicts = await Promise.all(
      Array.from({ length: attempts }, (_, index) => (index % 2 ? a! : b!).admit({ address: `192.0.2.${index}`, account })),
    );
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(SIGN_IN_FAILURES_PER_ACCOUNT);
    expect(verdicts.filter((verdict) => !verdict.allowed && verdict.limitedBy === 'account')).toHaveLength(15);
    expect(await a!.admit({ address: '198.51.100.200', account })).toMatchObject({ allowed: false, limitedBy: 'account' });
    // The refused addresses were not charged for the locked account: each may still try another one.
    expect((await b!.admit({ address: '192.0.2.0', account: 'someone-else@example.com' })).allowed).toBe(true);
  });
});
