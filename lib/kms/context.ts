import type { Keyring } from './crypto/keyring';
import type { Clock, KeyStore } from './store';

/** What every domain operation depends on: no framework, no database driver. */
export interface KmsContext {
  store: KeyStore;
  clock: Clock;
  keyring: Keyring;
}
