import type { KeyStore } from '../store';
import type { Keyring } from './keyring';
import { constantTimeEqual } from './primitives';

export const ROOT_KEY_CHECK_SETTING = 'root-key-check-value';

export class RootKeyMismatchError extends Error {
  constructor() {
    super(
      'The root key does not match the one this database was initialised with (check value mismatch). ' +
        'Keyfort refuses to start so that nothing is written under the wrong key. Restore the original root key ' +
        '(KEYFORT_ROOT_KEY_FILE, KEYFORT_ROOT_KEY or the generated root.key in KEYFORT_DATA_DIR), ' +
        'or point Keyfort at the database that belongs to this root key.',
    );
    this.name = 'RootKeyMismatchError';
  }
}

/**
 * Run at start-up, before anything is sealed. The first instance to start stores the check value
 * (first writer wins, so instances starting together agree); every later start must reproduce it.
 */
export async function assertRootKeyMatches(options: {
  store: Pick<KeyStore, 'putSettingIfAbsent'>;
  keyring: Keyring;
}): Promise<void> {
  const expected = options.keyring.checkValue();
  const stored = await options.store.putSettingIfAbsent(ROOT_KEY_CHECK_SETTING, expected);
  if (!constantTimeEqual(stored, expected)) throw new RootKeyMismatchError();
}
