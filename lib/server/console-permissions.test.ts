import { describe, expect, it } from 'vitest';
import { principal } from '@/lib/kms/testing/test-context';
import type { Role } from '@/lib/kms/types';
import { keyPagePermissions, navigationPermissions } from './console-permissions';

const offered = (role: Role) => {
  const permissions = keyPagePermissions(principal(role));
  return Object.keys(permissions).filter((name) => permissions[name as keyof typeof permissions]);
};

const LIFECYCLE = ['createKey', 'enable', 'disable', 'scheduleDeletion', 'cancelDeletion', 'updateDescription', 'createAlias', 'deleteAlias'];

describe('what the key pages offer each role (SPEC §9)', () => {
  it('an auditor sees keys and the audit log, nothing else', () => {
    expect(offered('AUDITOR')).toEqual([]);
    expect(navigationPermissions(principal('AUDITOR'))).toEqual({ audit: true, accessKeys: true, people: false, settings: false });
  });

  it('a key user uses the online tool and nothing more', () => {
    expect(offered('KEY_USER')).toEqual(['useKey']);
    expect(navigationPermissions(principal('KEY_USER'))).toEqual({ audit: false, accessKeys: true, people: false, settings: false });
  });

  it('a key manager does lifecycle, import and rotation, but does not use keys', () => {
    expect(offered('KEY_MANAGER')).toEqual([...LIFECYCLE, 'importMaterial', 'deleteMaterial', 'rotate', 'configureRotation']);
    expect(navigationPermissions(principal('KEY_MANAGER'))).toEqual({ audit: false, accessKeys: true, people: false, settings: false });
  });

  it('an administrator is offered everything', () => {
    expect(offered('ADMINISTRATOR')).toEqual([...LIFECYCLE, 'importMaterial', 'deleteMaterial', 'rotate', 'configureRotation', 'useKey']);
    expect(navigationPermissions(principal('ADMINISTRATOR'))).toEqual({ audit: true, accessKeys: true, people: true, settings: true });
  });

  it('an unknown role, or nobody, is offered nothing', () => {
    expect(offered('INTERN' as Role)).toEqual([]);
    expect(Object.values(keyPagePermissions(null)).some(Boolean)).toBe(false);
    expect(navigationPermissions(null)).toEqual({ audit: false, accessKeys: false, people: false, settings: false });
  });
});
