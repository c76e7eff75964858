import { beforeAll, expect, it } from 'vitest';
import { settingOrInsert } from '@/lib/db/system-settings';
import { resolveHuaweiScope } from '@/lib/huawei-api';
import { forEachDatabase, type Connection } from './support/databases';

forEachDatabase('Huawei project scope', (db) => {
  let other: Connection;
  beforeAll(async () => {
    other = await db().connect();
  });

  it('keeps the first value proposed for a setting, also when two connections propose at once', async () => {
    const name = 'test.setting.race';
    const values = await Promise.all([
      settingOrInsert(db().database.prisma, { name, candidate: 'first' }),
      settingOrInsert(other.database.prisma, { name, candidate: 'second' }),
    ]);
    expect(values[0]).toBe(values[1]);
    expect(await settingOrInsert(db().database.prisma, { name, candidate: 'third' })).toBe(values[0]);
  });

  it('gives two instances starting on one database the same generated project and domain IDs', async () => {
    const scopeOf = (connection: Connection) =>
      resolveHuaweiScope({ env: {}, settingOrInsert: (options) => settingOrInsert(connection.database.prisma, options) });
    const [a, b] = await Promise.all([scopeOf(db()), scopeOf(other)]);
    expect(a).toEqual(b);
    expect(a.projectId).toMatch(/^[0-9a-f]{32}$/);
    expect(await scopeOf(db())).toEqual(a);
  });
});
