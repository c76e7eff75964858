import { describe, expect, it } from 'vitest';
import { huaweiProjectIdFromEnv, resolveHuaweiScope, type TSettingOrInsert } from './scope';

/** The database's insert-if-absent, in memory: the first value proposed for a name is the one kept. */
function memorySettings(initial: Record<string, string> = {}): { settingOrInsert: TSettingOrInsert; stored: Map<string, string> } {
  const stored = new Map(Object.entries(initial));
  return {
    stored,
    settingOrInsert: async ({ name, candidate }) => {
      if (!stored.has(name)) stored.set(name, candidate);
      return stored.get(name)!;
    },
  };
}

describe('Huawei project scope', () => {
  it('takes KEYFORT_HUAWEI_PROJECT_ID when set, and refuses anything but 32 lower-case hex', () => {
    expect(huaweiProjectIdFromEnv({})).toBeNull();
    expect(huaweiProjectIdFromEnv({ KEYFORT_HUAWEI_PROJECT_ID: ' 0123456789abcdef0123456789abcdef ' })).toBe('0123456789abcdef0123456789abcdef');
    for (const bad of ['0123456789ABCDEF0123456789ABCDEF', '0123456789abcdef', 'g123456789abcdef0123456789abcdef']) {
      expect(() => huaweiProjectIdFromEnv({ KEYFORT_HUAWEI_PROJECT_ID: bad })).toThrow(/KEYFORT_HUAWEI_PROJECT_ID must be 32 lower-case hexadecimal/);
    }
  });

  it('generates a project and domain ID once and answers with the stored ones afterwards (and on other instances)', async () => {
    const settings = memorySettings();
    const first = await resolveHuaweiScope({ env: {}, settingOrInsert: settings.settingOrInsert });
    expect(first.projectId).toMatch(/^[0-9a-f]{32}$/);
    expect(first.domainId).toMatch(/^[0-9a-f]{32}$/);
    expect(first.domainId).not.toBe(first.projectId);
    expect(await resolveHuaweiScope({ env: {}, settingOrInsert: settings.settingOrInsert })).toEqual(first);
  });

  it('prefers the configured project ID over a stored one, and keeps the stored domain ID', async () => {
    const settings = memorySettings({ 'huawei.projectId': 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'huawei.domainId': 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' });
    const scope = await resolveHuaweiScope({ env: { KEYFORT_HUAWEI_PROJECT_ID: 'cccccccccccccccccccccccccccccccc' }, settingOrInsert: settings.settingOrInsert });
    expect(scope).toEqual({ projectId: 'cccccccccccccccccccccccccccccccc', domainId: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' });
  });

  it('refuses a stored ID edited into something clients could not name', async () => {
    const settings = memorySettings({ 'huawei.domainId': 'not-an-id' });
    await expect(resolveHuaweiScope({ env: {}, settingOrInsert: settings.settingOrInsert })).rejects.toThrow(/huawei.domainId/);
  });
});
