import type { Principal } from './types';

/** The actor of background jobs (purge, material expiry). Audited under this name. */
export const SYSTEM_PRINCIPAL: Readonly<Principal> = Object.freeze({
  type: 'system',
  id: 'system',
  name: 'Keyfort',
  role: 'ADMINISTRATOR',
});
