import { z } from 'zod';
import { createAlias, deleteAlias, listAliases } from '@/lib/kms';
import { aliasArn, toKeyRef } from '../key-ref';
import { epochSeconds } from '../shapes';
import { operation } from './operation';

const ALIAS_PREFIX = 'alias/';

/** AWS alias names carry the `alias/` prefix; the domain stores the name after it. */
const ZAliasName = z
  .string()
  .refine((name) => name.startsWith(ALIAS_PREFIX), 'An alias name starts with "alias/".')
  .transform((name) => name.slice(ALIAS_PREFIX.length));

/** An alias names a key, never another alias (AWS: key ID or key ARN only), so no chain can form. */
const ZTargetKeyId = z
  .string()
  .refine(
    (target) => !target.startsWith(ALIAS_PREFIX) && !/^arn:[^:]*:kms:[^:]*:[^:]*:alias\//.test(target),
    'Aliases must refer to keys, not to other aliases: give the key ID or key ARN.',
  );

export const CreateAlias = operation(
  z.object({ AliasName: ZAliasName, TargetKeyId: ZTargetKeyId }),
  async ({ ctx, actor, scope }, input) => {
    const keyId = toKeyRef(input.TargetKeyId, scope.accountId);
    await createAlias(ctx, { actor, keyId, alias: input.AliasName });
    return {};
  },
);

export const DeleteAlias = operation(z.object({ AliasName: ZAliasName }), async ({ ctx, actor }, input) => {
  await deleteAlias(ctx, { actor, alias: input.AliasName });
  return {};
});

export const ListAliases = operation(
  z.object({ KeyId: z.string().optional(), Limit: z.int().optional(), Marker: z.string().optional() }),
  async ({ ctx, actor, scope }, input) => {
    const keyRef = input.KeyId === undefined ? undefined : toKeyRef(input.KeyId, scope.accountId);
    const page = await listAliases(ctx, { actor, keyRef, limit: input.Limit, marker: input.Marker });
    return {
      Aliases: page.aliases.map((alias) => ({
        AliasName: `${ALIAS_PREFIX}${alias.name}`,
        AliasArn: aliasArn(scope, alias.name),
        TargetKeyId: alias.keyId,
        CreationDate: epochSeconds(alias.createdAt),
        // Keyfort never retargets an alias (no UpdateAlias), so it was last updated when created.
        LastUpdatedDate: epochSeconds(alias.createdAt),
      })),
      Truncated: page.nextMarker !== null,
      ...(page.nextMarker !== null ? { NextMarker: page.nextMarker } : {}),
    };
  },
);
