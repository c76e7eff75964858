import { randomBytes } from 'node:crypto';
import type { THuaweiScope } from './operations/operation';

// Huawei names an account's project and domain by 32 lower-case hex characters. Keyfort answers as one
// project: KEYFORT_HUAWEI_PROJECT_ID when the operator chose one (e.g. to keep the ID clients already carry),
// else one generated on first start and kept in the database, like the domain ID, so every instance and
// every restart answers as the same project.

export const HUAWEI_PROJECT_ID_ENV = 'KEYFORT_HUAWEI_PROJECT_ID';
export const HUAWEI_PROJECT_ID_SETTING = 'huawei.projectId';
export const HUAWEI_DOMAIN_ID_SETTING = 'huawei.domainId';
const HUAWEI_ID = /^[0-9a-f]{32}$/;

/** The configured project ID, null when unset; a malformed one throws with a message naming the variable. */
export function huaweiProjectIdFromEnv(env: Record<string, string | undefined>): string | null {
  const raw = env[HUAWEI_PROJECT_ID_ENV]?.trim();
  if (!raw) return null;
  if (!HUAWEI_ID.test(raw)) {
    throw new Error(`${HUAWEI_PROJECT_ID_ENV} must be 32 lower-case hexadecimal characters (a Huawei project ID), got "${raw}".`);
  }
  return raw;
}

export function generateHuaweiId(): string {
  return randomBytes(16).toString('hex');
}

/** Reads a stored ID, writing the candidate when none is stored yet (lib/db/system-settings.ts). */
export type TSettingOrInsert = (options: { name: string; candidate: string }) => Promise<string>;

/**
 * The scope every Huawei request is answered in. A stored ID that is not 32 lower-case hex (edited by hand)
 * is refused rather than served: clients would sign requests to a project they cannot name.
 */
export async function resolveHuaweiScope(options: { env: Record<string, string | undefined>; settingOrInsert: TSettingOrInsert }): Promise<THuaweiScope> {
  const configured = huaweiProjectIdFromEnv(options.env);
  const projectId = configured ?? (await options.settingOrInsert({ name: HUAWEI_PROJECT_ID_SETTING, candidate: generateHuaweiId() }));
  const domainId = await options.settingOrInsert({ name: HUAWEI_DOMAIN_ID_SETTING, candidate: generateHuaweiId() });
  for (const [name, value] of [
    [HUAWEI_PROJECT_ID_SETTING, projectId],
    [HUAWEI_DOMAIN_ID_SETTING, domainId],
  ] as const) {
    if (!HUAWEI_ID.test(value)) throw new Error(`The stored ${name} "${value}" is not 32 lower-case hexadecimal characters.`);
  }
  return { projectId, domainId };
}
