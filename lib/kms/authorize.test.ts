import { describe, expect, it } from 'vitest';
import { authorize, can, PERMISSIONS, type Permission } from './authorize';
import { principal } from './testing/test-context';
import { ROLES, type Role } from './types';

// SPEC §9, by hand: Administrator everything; Key manager lifecycle and import; Key user crypto and
// metadata; Auditor metadata and the audit log.
const EXPECTED: Record<Role, Permission[]> = {
  ADMINISTRATOR: ['keys:read', 'keys:manage', 'keys:import', 'keys:use', 'audit:read', 'users:manage', 'access-keys:manage'],
  KEY_MANAGER: ['keys:read', 'keys:manage', 'keys:import'],
  KEY_USER: ['keys:read', 'keys:use'],
  AUDITOR: ['keys:read', 'audit:read'],
};

describe('authorize (SPEC §9 roles)', () => {
  const cases = ROLES.flatMap((role) => PERMISSIONS.map((permission) => ({ role, permission, allowed: EXPECTED[role].includes(permission) })));

  it.each(cases)('$role × $permission → allowed: $allowed', ({ role, permission, allowed }) => {
    expect(can(principal(role), permission)).toBe(allowed);
    if (allowed) expect(() => authorize(principal(role), permission)).not.toThrow();
    else expect(() => authorize(principal(role), permission)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it.each(['GUEST', '__proto__', 'constructor', 'toString', ''])('grants nothing to an unknown role %j', (role) => {
    for (const permission of PERMISSIONS) expect(can({ ...principal(), role: role as Role }, permission)).toBe(false);
  });
});
