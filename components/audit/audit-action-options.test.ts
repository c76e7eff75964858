import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '@/lib/kms';
import { AUDIT_ACTION_OPTIONS } from './audit-action-options';

describe('the audit action filter', () => {
  it('offers exactly the audit actions, from the one list', () => {
    expect(AUDIT_ACTION_OPTIONS).toBe(AUDIT_ACTIONS);
    expect(new Set(AUDIT_ACTION_OPTIONS).size).toBe(AUDIT_ACTIONS.length);
  });

  it('renders its options from that list and no other', () => {
    const source = readFileSync(new URL('./audit-filters.tsx', import.meta.url), 'utf8');
    expect(source).toContain('AUDIT_ACTION_OPTIONS.map(');
    expect(source).not.toMatch(/AUDIT_ACTIONS\b/);
  });
});
