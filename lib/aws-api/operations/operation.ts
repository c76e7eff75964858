import type { z } from 'zod';
import type { KmsContext } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';
import { parseInput } from '@/lib/kms';
import type { TArnScope } from '../key-ref';

/** What every operation runs with: the domain, the authenticated actor, and the ARN parts of the request. */
export interface TOperationEnv {
  ctx: KmsContext;
  actor: Principal;
  scope: TArnScope;
}

/**
 * One AWS operation: its input shape (zod, AWS field names; wrong types refused with ValidationException
 * naming the field) and a mapping to exactly one domain operation and back.
 *
 * Every member of AWS's request shape is in the schema, and a member Keyfort does not honour (Policy,
 * Recipient, …) is refused with UnsupportedOperationException rather than dropped: a caller must never
 * believe a setting took effect when it did not. Fields AWS itself does not know are ignored, as AWS does
 * (zod objects strip them), so a newer SDK adding an optional member breaks nothing it does not use.
 */
export interface TOperation {
  run(env: TOperationEnv, body: Record<string, unknown>): Promise<object>;
}

export function operation<S extends z.ZodType>(
  input: S,
  run: (env: TOperationEnv, input: z.output<S>) => Promise<object>,
  options: {
    /**
     * Data-plane operations only: recognises the common, well-formed body without zod and returns what the
     * schema would, or undefined to leave the body (and every error message) to the schema.
     */
    fastParse?: (body: Record<string, unknown>) => z.output<S> | undefined;
  } = {},
): TOperation {
  const { fastParse } = options;
  return { run: (env, body) => run(env, fastParse?.(body) ?? parseInput({ schema: input, input: body })) };
}
