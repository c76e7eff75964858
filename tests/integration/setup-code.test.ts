import { beforeAll, expect, it } from 'vitest';
import { InMemoryAttemptCounters } from '@/lib/auth/attempt-counters';
import { SETUP_ADDRESS_LIMIT, SETUP_GLOBAL_LIMIT, completeSetup, type TCompleteSetupOptions } from '@/lib/auth/complete-setup';
import { offerSetupCode } from '@/lib/auth/offer-setup-code';
import { SETUP_CODE_SETTING_PREFIX, issueSetupCode } from '@/lib/auth/setup-codes';
import { isSetupRequired } from '@/lib/auth/setup-state';
import { forEachDatabase, type Connection } from './support/databases';

const WRONG_CODE = '00000-00000-00000-00000';
const WINDOW_MS = SETUP_ADDRESS_LIMIT.windowMs;
// Each test in a window of its own, so the global limit of one does not spill into the next.
let nextWindow = 0;
const freshWindow = () => {
  const at = new Date(Date.UTC(2032, 0, 1) + nextWindow++ * 4 * WINDOW_MS);
  return () => at;
};

// The tests share one database per provider and run in order: the last one creates the administrator.
forEachDatabase('set-up code', (db) => {
  let other: Connection;
  const prisma = () => db().database.prisma;
  const attempt = (overrides: Partial<TCompleteSetupOptions> & Pick<TCompleteSetupOptions, 'setupCode' | 'address'>) =>
    completeSetup({ email: 'admin@example.com', name: 'Admin', password: 'a-long-enough-password', prisma: prisma(), ...overrides });
  const codeRows = () => prisma().systemSetting.findMany({ where: { name: { startsWith: SETUP_CODE_SETTING_PREFIX } } });
  const auditOf = (action: string) => prisma().auditEvent.findMany({ where: { action } });

  beforeAll(async () => {
    other = await db().connect();
  });

  it('prints a code at every start while set-up is required, and stores only hashes', async () => {
    const banner = await offerSetupCode({ publicUrl: 'https://kms.example.com', prisma: prisma() });
    const marker = 'https://kms.example.com/setup and enter this set-up code:';
    expect(banner).toContain(marker);
    const code = banner!.slice(banner!.indexOf(marker) + marker.length).trim().split('\n')[0]!.trim();
    expect(code).toHaveLength(23);
    await offerSetupCode({ publicUrl: 'https://kms.example.com', prisma: other.database.prisma });
    const rows = await codeRows();
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(code.slice(0, 5));
  });

  it('refuses a wrong code, creates nobody, and audits the address but not the typed code', async () => {
    const outcome = await attempt({ setupCode: WRONG_CODE, address: '203.0.113.7', now: freshWindow() });
    expect(outcome).toEqual({ outcome: 'wrong-code' });
    expect(await prisma().user.count()).toBe(0);
    const [record] = await auditOf('SetupCodeRejected');
    expect(record).toMatchObject({
      result: 'FAILURE',
      errorCode: 'UNAUTHENTICATED',
      details: JSON.stringify({ address: '203.0.113.7' }),
      sourceAddress: '203.0.113.7',
    });
    expect(JSON.stringify(await prisma().auditEvent.findMany())).not.toContain('00000');
  });

  it('concurrent wrong codes from one address, on two instances: exactly the address limit is checked', async () => {
    const now = freshWindow();
    const before = (await auditOf('SetupCodeRejected')).length;
    const outcomes = await Promise.all(
      Array.from({ length: 3 * SETUP_ADDRESS_LIMIT.max }, (_, index) =>
        attempt({ setupCode: WRONG_CODE, address: '198.51.100.1', now, prisma: index % 2 ? prisma() : other.database.prisma }),
      ),
    );
    const checked = outcomes.filter((result) => result.outcome === 'wrong-code');
    expect(checked).toHaveLength(SETUP_ADDRESS_LIMIT.max);
    expect(outcomes.filter((result) => result.outcome === 'rate-limited')).toHaveLength(2 * SETUP_ADDRESS_LIMIT.max);
    expect(outcomes).toContainEqual({ outcome: 'rate-limited', retryAfterMinutes: 15 });
    expect((await auditOf('SetupCodeRejected')).length - before).toBe(SETUP_ADDRESS_LIMIT.max);
    expect((await auditOf('SetupRateLimited')).length).toBeGreaterThanOrEqual(2 * SETUP_ADDRESS_LIMIT.max);
  });

  it('concurrent wrong codes from many addresses: exactly the global limit is checked, then even the right code waits', async () => {
    const now = freshWindow();
    const attempts = SETUP_GLOBAL_LIMIT.max + 6;
    const outcomes = await Promise.all(
      Array.from({ length: attempts }, (_, index) =>
        attempt({ setupCode: WRONG_CODE, address: `192.0.2.${index}`, now, prisma: index % 2 ? prisma() : other.database.prisma }),
      ),
    );
    expect(outcomes.filter((result) => result.outcome === 'wrong-code')).toHaveLength(SETUP_GLOBAL_LIMIT.max);
    expect(outcomes.filter((result) => result.outcome === 'rate-limited')).toHaveLength(6);
    const rightCode = await issueSetupCode(prisma());
    expect(await attempt({ setupCode: rightCode, address: '198.51.100.99', now })).toMatchObject({ outcome: 'rate-limited' });
    expect(await isSetupRequired({ prisma: prisma() })).toBe(true);
  });

  it('two set-ups racing with the right code: one administrator, the code consumed once, every code deleted', async () => {
    const now = freshWindow();
    const code = await issueSetupCode(prisma());
    const counters = new InMemoryAttemptCounters();
    const outcomes = await Promise.all([
      attempt({ setupCode: code.toLowerCase(), address: '203.0.113.10', email: 'first@example.com', now, counters }),
      attempt({ setupCode: code, address: '203.0.113.11', email: 'second@example.com', now, counters, prisma: other.database.prisma }),
    ]);
    expect(outcomes.map((result) => result.outcome).sort()).toEqual(['already-set-up', 'created']);
    expect(await prisma().user.count()).toBe(1);
    expect(await codeRows()).toEqual([]);
    // Afterwards no code of any start-up works, and start-up offers none.
    expect(await attempt({ setupCode: code, address: '203.0.113.12', email: 'third@example.com', now })).toEqual({ outcome: 'already-set-up' });
    expect(await offerSetupCode({ publicUrl: 'https://kms.example.com', prisma: prisma() })).toBeNull();
    expect(await prisma().user.count()).toBe(1);
  });
});
