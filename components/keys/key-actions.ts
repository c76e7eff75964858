import { TRANSITIONS, type StateAction } from '@/lib/kms/states';
import type { KeyState } from '@/lib/kms/types';

/**
 * Whether the console offers an action for a key in this state. The table is the domain's own (SPEC §2),
 * so buttons and server agree; the server still refuses on its own if they ever drift.
 */
export function isActionAllowed(action: StateAction, state: KeyState): boolean {
  return TRANSITIONS[action][state] !== undefined;
}
