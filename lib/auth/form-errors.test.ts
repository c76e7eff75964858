import { describe, expect, it } from 'vitest';
import { formText, toFieldErrors } from './form-errors';
import { ZSetupInput, ZSignInInput } from './validation';

function setupErrors(input: Record<string, string>) {
  const result = ZSetupInput.safeParse(input);
  if (result.success) return {};
  return toFieldErrors(result.error, input);
}

const valid = { email: 'admin@example.com', name: 'Ada', password: 'twelve-chars', confirmPassword: 'twelve-chars' };

describe('set-up form validation', () => {
  it('accepts a complete form and lowercases the email', () => {
    const result = ZSetupInput.safeParse({ ...valid, email: 'Admin@Example.com' });
    expect(result.success && result.data.email).toBe('admin@example.com');
  });

  it('requires passwords of at least 12 characters', () => {
    expect(setupErrors({ ...valid, password: 'elevenchars', confirmPassword: 'elevenchars' })).toEqual({ password: ['tooShort'] });
  });

  it('flags a confirmation that differs from the password', () => {
    expect(setupErrors({ ...valid, confirmPassword: 'twelve-charz' })).toEqual({ confirmPassword: ['mismatch'] });
  });

  it('names empty fields as required and a malformed email as invalid', () => {
    expect(setupErrors({ email: '', name: '', password: '', confirmPassword: '' })).toMatchObject({
      email: ['required'],
      name: ['required'],
      password: ['required'],
    });
    expect(setupErrors({ ...valid, email: 'not-an-email' })).toEqual({ email: ['invalid'] });
  });

  it('refuses names with control or bidi/zero-width characters', () => {
    expect(setupErrors({ ...valid, name: 'Ada\u202Eevil' })).toEqual({ name: ['invalid'] });
    expect(setupErrors({ ...valid, name: 'Ada\u200B' })).toEqual({ name: ['invalid'] });
    expect(setupErrors({ ...valid, name: 'Ada\nLovelace' })).toEqual({ name: ['invalid'] });
  });

  it('does not trim passwords: what was typed is what is hashed', () => {
    const result = ZSetupInput.safeParse({ ...valid, password: ' twelve-chars ', confirmPassword: ' twelve-chars ' });
    expect(result.success && result.data.password).toBe(' twelve-chars ');
  });
});

describe('sign-in form validation', () => {
  it('needs an email address and a password', () => {
    const input = { email: 'x', password: '' };
    const result = ZSignInInput.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success) expect(toFieldErrors(result.error, input)).toEqual({ email: ['invalid'], password: ['required'] });
  });
});

describe('formText', () => {
  it('reads text fields and treats missing or file fields as empty', () => {
    const data = new FormData();
    data.set('email', 'a@example.com');
    data.set('password', new Blob(['x']));
    expect(formText(data, ['email', 'password', 'name'])).toEqual({ email: 'a@example.com', password: '', name: '' });
  });
});
