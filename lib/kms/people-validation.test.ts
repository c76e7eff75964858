import { describe, expect, it } from 'vitest';
import { MIN_ADMIN_PASSWORD_LENGTH } from '@/lib/auth/constants';
import { MIN_PASSWORD_LENGTH, ZPersonEmail, ZPersonName } from './people-validation';

describe('people validation', () => {
  it('asks a person for as long a password as the administrator set-up', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(MIN_ADMIN_PASSWORD_LENGTH);
  });

  it('normalises emails to lower case and refuses names with control or format characters', () => {
    expect(ZPersonEmail.parse(' Bob@Example.COM ')).toBe('bob@example.com');
    expect(ZPersonName.safeParse('Bob\u202E').success).toBe(false);
    expect(ZPersonName.safeParse('Zoë Ñ').success).toBe(true);
  });
});
