import { describe, expect, it } from 'vitest';
import { messageFallback } from './missing-message';
import { findRawMessageKey } from './raw-message-key';
import type { IntlError } from 'next-intl';

const error = { code: 'MISSING_MESSAGE', message: 'MISSING_MESSAGE: Could not resolve `keys.nope`' } as IntlError;

describe('messageFallback', () => {
  it('shows a marker naming the key where marking is on, the dotted key otherwise', () => {
    expect(messageFallback({ error, namespace: 'keys.detail', key: 'nope' }, true)).toBe('⟦MISSING MESSAGE: keys.detail.nope⟧');
    expect(messageFallback({ error, namespace: 'keys.detail', key: 'nope' }, false)).toBe('keys.detail.nope');
    expect(messageFallback({ error, key: 'nope' }, false)).toBe('nope');
  });
});

describe('findRawMessageKey', () => {
  it('finds the marker of a message next-intl could not produce', () => {
    expect(findRawMessageKey(`Keys\n${messageFallback({ error, namespace: 'common', key: 'x' }, true)} more`)).toBe('⟦MISSING MESSAGE: common.x⟧');
  });

  it('finds a dotted key of any message area printed as text', () => {
    expect(findRawMessageKey('State: keys.state.ENABLED')).toBe('keys.state.ENABLED');
    expect(findRawMessageKey('(access-keys.table.empty)')).toBe('access-keys.table.empty');
    expect(findRawMessageKey('审计：audit-actions.labels.CreateKey')).toBe('audit-actions.labels.CreateKey');
  });

  it('leaves words, aliases, paths and addresses alone', () => {
    for (const text of [
      'Keys. Audit log. People.',
      'alias/e2e-keys.backup',
      'admin@keys.example.com',
      '/tmp/audit.log',
      'See the keys. Then the audit.',
      'account.7 is not a key',
      '密钥。审计日志。',
    ]) {
      expect(findRawMessageKey(text), text).toBeNull();
    }
  });
});
