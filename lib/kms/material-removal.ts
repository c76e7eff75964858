import type { MaterialRemovalCause } from './types';

/** Why a key's material is gone and since when: what the console says and what refusals name. */
export interface MaterialRemoval {
  cause: MaterialRemovalCause;
  at: Date;
}
