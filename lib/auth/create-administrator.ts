import { randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { toAuditCreateData } from '@/lib/db/audit-record';
import { getDatabase, type KeyfortPrismaClient } from '@/lib/db/client';
import { SYSTEM_PRINCIPAL } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';
import { deleteSetupCodes, isValidSetupCode } from './setup-codes';
import { SETUP_COMPLETED_SETTING, isSetupRequired } from './setup-state';

/** Audit action for users created outside a domain operation (set-up, env bootstrap). */
export const CREATE_USER_ACTION = 'CreateUser';

export interface TCreateAdministratorOptions {
  email: string;
  name: string;
  password: string;
  /** `setup`: the person at the set-up page; `environment`: KEYFORT_ADMIN_EMAIL at start-up. */
  via: 'setup' | 'environment';
  /** Required with `via: 'setup'`: one of the codes printed in the log at start-up. */
  setupCode?: string;
  /** Defaults to the process-wide database (tests pass their own). */
  prisma?: KeyfortPrismaClient;
}

export type TCreateAdministratorResult = 'created' | 'already-set-up' | 'wrong-code';

class SetupCodeRefused extends Error {}

/**
 * Creates the first administrator, exactly once even when two set-ups race (two browsers, several
 * instances starting with KEYFORT_ADMIN_EMAIL): the set-up marker, the user, its password account and the
 * audit record are one transaction, and the marker's primary key lets only one such transaction commit.
 * From the set-up page, the set-up code is checked inside that transaction too, and every code is deleted in
 * it: once the administrator exists, no printed code works. The password is hashed with Better Auth's own
 * function (scrypt), as its sign-up would.
 */
export async function createAdministrator(options: TCreateAdministratorOptions): Promise<TCreateAdministratorResult> {
  const prisma = options.prisma ?? (await getDatabase()).prisma;
  // Cheap refusals first, so a closed set-up or a wrong code costs no password hashing.
  if (!(await isSetupRequired({ prisma }))) return 'already-set-up';
  const viaSetupPage = options.via === 'setup';
  if (viaSetupPage && !(await isValidSetupCode(prisma, options.setupCode ?? ''))) return 'wrong-code';
  const hash = await hashPassword(options.password);
  const now = new Date();
  const userId = randomUUID();
  const email = options.email.toLowerCase();
  const actor: Principal =
    options.via === 'setup' ? { type: 'user', id: userId, name: email, role: 'ADMINISTRATOR' } : SYSTEM_PRINCIPAL;
  try {
    await prisma.$transaction(async (tx) => {
      if (viaSetupPage && !(await isValidSetupCode(tx, options.setupCode ?? ''))) throw new SetupCodeRefused();
      await deleteSetupCodes(tx);
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
    // Lost the race: the winner's marker is there now (and the codes are gone). Anything else is a real fault.
    if (!(await isSetupRequired({ prisma }))) return 'already-set-up';
    if (error instanceof SetupCodeRefused) return 'wrong-code';
    throw error;
  }
  return 'created';
}
