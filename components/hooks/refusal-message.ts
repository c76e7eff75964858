import type { ActionErrorCode } from '@/lib/server/action';
import type { KmsErrorReason } from '@/lib/kms';

/** Which message (a key from the messages' root) words a refusal, and the values it puts in. */
export interface TRefusalMessage {
  key: string;
  values?: Record<string, string>;
}

export interface TRefusal {
  code: ActionErrorCode;
  reason?: KmsErrorReason;
  /** The refusal's non-secret facts (KmsError.params): e.g. the version a refused import expected. */
  params?: Readonly<Record<string, string>>;
}

// Reasons whose words name facts of the refusal, and the facts they need (the ICU placeholders of
// versions.json `refusals.<reason>`). Without every one of them the plain reason's words are used.
const PARAMETERISED: Partial<Record<KmsErrorReason, readonly string[]>> = {
  'different-material': ['sequence', 'kcv', 'materialId'],
  'existing-version': ['sequence', 'kcv'],
};

/**
 * The words for a refusal: the reason's, with the refusal's facts where the message has placeholders for them
 * (SPEC §7: what happened and what to do next, with the identifier the person needs); else the reason's plain
 * words; else the code's. A code without words of its own (`has` says so) gets the generic INTERNAL message
 * rather than a message key on screen.
 */
export function refusalMessage(refusal: TRefusal, has: (key: string) => boolean): TRefusalMessage {
  const { code, reason, params } = refusal;
  if (reason) {
    const needed = PARAMETERISED[reason];
    const key = `versions.refusals.${reason}`;
    if (needed && params && needed.every((name) => typeof params[name] === 'string' && params[name] !== '') && has(key)) {
      return { key, values: Object.fromEntries(needed.map((name) => [name, params[name] as string])) };
    }
    if (has(`errors.reasons.${reason}`)) return { key: `errors.reasons.${reason}` };
  }
  return { key: has(`errors.codes.${code}`) ? `errors.codes.${code}` : 'errors.codes.INTERNAL' };
}
