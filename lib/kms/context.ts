import type { TWrappingKeyPair } from './crypto/key-pair-pool';
import type { Keyring } from './crypto/keyring';
import type { TWrappingKeySpec } from './crypto/wrapping';
import type { KeyCache } from './key-cache';
import type { TResourceLimits } from './limits';
import type { ChangeFeed } from './change-feed';
import type { PeopleStore } from './people-store';
import type { AccessKeyStore, Clock, KeyStore } from './store';

/** Hands out RSA wrapping key pairs nobody else gets (the pool in production, cached pairs in tests). */
export interface KeyPairSource {
  /** The taker owns the pair and zeroes its private key once sealed. */
  take(spec: TWrappingKeySpec): Promise<TWrappingKeyPair>;
}

/** What every domain operation depends on: no framework, no database driver. */
export interface KmsContext {
  store: KeyStore;
  clock: Clock;
  keyring: Keyring;
  keyPairs: KeyPairSource;
  accessKeys: AccessKeyStore;
  /** People (Better Auth's users with Keyfort's role and status), their links and sessions. */
  people: PeopleStore;
  /**
   * Data-plane cache of usable keys (encrypt, decrypt, data keys). Absent: every use reads the store.
   * Changes made through this context invalidate it at once; other workers' and instances' changes when
   * `changes` delivers them, and within its TTL (≤ 1 s) when a notification is lost.
   */
  keyCache?: KeyCache;
  /** Where committed changes are announced (announceChange). Absent: only this context's key cache hears. */
  changes?: ChangeFeed;
  /** How many keys, aliases and import tokens may exist. Absent: DEFAULT_RESOURCE_LIMITS. */
  limits?: TResourceLimits;
}
