import { randomUUID } from 'node:crypto';
import { toAuditCreateData } from '@/lib/db/audit-record';
import { getDatabase } from '@/lib/db/client';
import { SYSTEM_PRINCIPAL } from '@/lib/kms/principals';
import type { Principal } from '@/lib/kms/types';
import { getAuth } from './auth';
import { SETUP_COMPLETED_SETTING, isSetupRequired } from './setup-state';

/** Audit action for users created outside a domain operation (set-up, env bootstrap). */
export const CREATE_USER_ACTION = 'CreateUser';

export interface TCreateAdministratorOptions {
  email: string;
  name: string;
  password: string;
  /** `setup`: the person at the set-up page; `environment`: KEYFORT_ADMIN_EMAIL at start-up. */
  via: 'setup' | 'environment';
}

/**
 * Creates the first administrator, exactly once even when two set-ups race (two browsers, several
 * instances starting with KEYFORT_ADMIN_EMAIL): the set-up marker, the user, its password account and the
 * audit record are one transaction, and the marker's primary key lets only one such transaction commit.
 * The password is hashed by Better Auth (scrypt), as its own sign-up would.
 */
export async function createAdministrator(options: TCreateAdministratorOptions): Promise<'created' | 'already-set-up'> {
  // Cheap refusal first, so a closed set-up costs no password hashing.
  if (!(await isSetupRequired())) return 'already-set-up';
  const auth = await getAuth();
  const authContext = await auth.$context;
  const hash = await authContext.password.hash(options.password);
  const { prisma } = await getDatabase();
  const now = new Date();
  const userId = randomUUID();
  const email = options.email.toLowerCase();
  const actor: Principal =
    options.via === 'setup' ? { type: 'user', id: userId, name: email, role: 'ADMINISTRATOR' } : SYSTEM_PRINCIPAL;
  try {
    await prisma.$transaction(async (tx) => {
      await tx.systemSetting.create({ data: { name: SETUP_COMPLETED_SETTING, value: now.toISOString() } });
      await tx.user.create({
        data: { id: userId, name: options.name, email, emailVerified: false, role: 'ADMINISTRATOR', createdAt: now, updatedAt: now },
      });
      await tx.account.create({
        data: { id: randomUUID(), accountId: userId, providerId: 'credential', userId, password: hash, createdAt: now, updatedAt: now },
      });
      await tx.auditEvent.create({
        data: toAuditCreateData({
          at: now,
          actor,
          action: CREATE_USER_ACTION,
          keyId: null,
          result: 'SUCCESS',
          errorCode: null,
          details: { userId, email, role: 'ADMINISTRATOR', via: options.via },
        }),
      });
    });
  } catch (error) {
    // Lost the race: the winner's marker is there now. Anything else is a real fault.
    if (!(await isSetupRequired())) return 'already-set-up';
    throw error;
  }
  return 'created';
}
