import { describe, expect, it } from 'vitest';
import { isKmsError } from './errors';
import { MFA_REQUIRED_SETTING, mustEnrolMfa, readMfaPolicy } from './mfa-policy';
import { recordMfaChange } from './record-mfa-change';
import { setMfaPolicy } from './set-mfa-policy';
import { createTestContext, principal } from './testing/test-context';
import { ROLES } from './types';

describe('multi-factor policy', () => {
  it('sends only people without multi-factor to enrolment, and only while it is required', () => {
    expect(mustEnrolMfa({ required: true }, { twoFactorEnabled: false })).toBe(true);
    expect(mustEnrolMfa({ required: true }, { twoFactorEnabled: true })).toBe(false);
    expect(mustEnrolMfa({ required: false }, { twoFactorEnabled: false })).toBe(false);
    expect(mustEnrolMfa({ required: false }, { twoFactorEnabled: true })).toBe(false);
  });

  it('is off on a fresh installation and reads anything but "true" as off', async () => {
    const { ctx, store } = createTestContext();
    expect(await readMfaPolicy(ctx)).toEqual({ required: false });
    store.settings.set(MFA_REQUIRED_SETTING, 'yes');
    expect(await readMfaPolicy(ctx)).toEqual({ required: false });
  });

  it('lets an administrator turn it on and off, auditing each change with the actor', async () => {
    const { ctx, store } = createTestContext();
    const admin = principal('ADMINISTRATOR');
    expect(await setMfaPolicy(ctx, { actor: admin, required: true })).toEqual({ required: true });
    expect(await readMfaPolicy(ctx)).toEqual({ required: true });
    await setMfaPolicy(ctx, { actor: admin, required: false });
    expect(await readMfaPolicy(ctx)).toEqual({ required: false });
    expect(store.audit.map((e) => [e.action, e.result, e.actorName, e.details])).toEqual([
      ['SetMfaPolicy', 'SUCCESS', admin.name, { required: true }],
      ['SetMfaPolicy', 'SUCCESS', admin.name, { required: false }],
    ]);
  });

  it.each(ROLES.filter((role) => role !== 'ADMINISTRATOR'))('refuses %s (FORBIDDEN, audited) and leaves the setting alone', async (role) => {
    const { ctx, store } = createTestContext();
    const error = await setMfaPolicy(ctx, { actor: principal(role), required: true }).catch((e: unknown) => e);
    expect(isKmsError(error) && error.code).toBe('FORBIDDEN');
    expect(await readMfaPolicy(ctx)).toEqual({ required: false });
    expect(store.audit.map((e) => [e.action, e.result, e.errorCode])).toEqual([['SetMfaPolicy', 'FAILURE', 'FORBIDDEN']]);
  });

  it('refuses a value that is not a boolean', async () => {
    const { ctx } = createTestContext();
    const error = await setMfaPolicy(ctx, { actor: principal(), required: 'true' as unknown as boolean }).catch((e: unknown) => e);
    expect(isKmsError(error) && error.code).toBe('VALIDATION');
  });

  it('audits enabling and disabling multi-factor with the acting person and no details', async () => {
    const { ctx, store } = createTestContext();
    const person = principal('KEY_USER');
    await recordMfaChange(ctx, { actor: person, action: 'EnableMfa' });
    await recordMfaChange(ctx, { actor: person, action: 'DisableMfa', errorCode: 'UNAUTHENTICATED' });
    await recordMfaChange(ctx, { actor: person, action: 'RegenerateRecoveryCodes' });
    expect(store.audit.map((e) => [e.action, e.result, e.errorCode, e.actorName, e.details])).toEqual([
      ['EnableMfa', 'SUCCESS', null, person.name, null],
      ['DisableMfa', 'FAILURE', 'UNAUTHENTICATED', person.name, null],
      ['RegenerateRecoveryCodes', 'SUCCESS', null, person.name, null],
    ]);
  });
});
