import { z } from 'zod';
import { createAlias, deleteKeyAliases, listAliases, ZAlias } from '@/lib/kms';
import { epochMillis, parseHuawei, ZHuaweiKeyId, ZIntegerLike } from '../shapes';
import type { THuaweiScope } from './operation';
import type { THuaweiOperation } from './operation';

// Huawei's alias API names aliases `alias/<name>` (as AWS does); the domain stores the name after the prefix
// (SPEC §1). create-key and update-key-alias take the bare name, as Huawei's key_alias is.

const ALIAS_PREFIX = 'alias/';

const ZPrefixedAlias = z
  .string()
  .refine((name) => name.startsWith(ALIAS_PREFIX), 'An alias starts with "alias/".')
  .transform((name) => name.slice(ALIAS_PREFIX.length))
  .pipe(ZAlias);

/** Huawei's alias URN: `kms:<region>:<domain_id>:alias/<name>`, with an empty region (Keyfort has none). */
const aliasUrn = (scope: THuaweiScope, name: string) => `kms::${scope.domainId}:${ALIAS_PREFIX}${name}`;

export const CreateAlias: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const input = parseHuawei(z.object({ key_id: ZHuaweiKeyId, alias: ZPrefixedAlias }), body, { key_id: 'KMS.0205', alias: 'KMS.1101' });
    await createAlias(ctx, { actor, keyId: input.key_id, alias: input.alias });
    return { status: 200 };
  },
};

const ZListAliases = z.object({
  key_id: ZHuaweiKeyId.optional(),
  limit: ZIntegerLike.pipe(z.int().min(1).max(100)).optional(),
  marker: z.string().optional(),
});

export const ListAliases: THuaweiOperation = {
  async run({ ctx, actor, scope }, { query }) {
    // Query parameters: an empty one (`?marker=`) is as good as absent.
    const fields = Object.fromEntries([...query].filter(([, value]) => value !== ''));
    const input = parseHuawei(ZListAliases, fields, { key_id: 'KMS.0205', limit: 'KMS.1601' });
    const page = await listAliases(ctx, { actor, keyRef: input.key_id, limit: input.limit, marker: input.marker });
    return {
      status: 200,
      payload: {
        aliases: page.aliases.map((alias) => ({
          key_id: alias.keyId,
          alias: `${ALIAS_PREFIX}${alias.name}`,
          alias_urn: aliasUrn(scope, alias.name),
          create_time: epochMillis(alias.createdAt),
          // An alias is never retargeted (update-key-alias replaces it with a new one), so it last changed when created.
          update_time: epochMillis(alias.createdAt),
        })),
        page_info: { next_marker: page.nextMarker ?? '', current_count: page.aliases.length },
      },
    };
  },
};

const ZDeleteAliases = z.object({ key_id: ZHuaweiKeyId, aliases: z.array(ZPrefixedAlias) });

/** All the named aliases of the key, or none (deleteKeyAliases). */
export const DeleteAliases: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const input = parseHuawei(ZDeleteAliases, body, { key_id: 'KMS.0205', aliases: 'KMS.1101' });
    await deleteKeyAliases(ctx, { actor, keyId: input.key_id, aliases: input.aliases });
    return { status: 200 };
  },
};
