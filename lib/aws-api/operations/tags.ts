import { z } from 'zod';
import { listResourceTags, tagResource, untagResource } from '@/lib/kms';
import { toKeyRef } from '../key-ref';
import { fromTags, toTags, ZAwsTags } from '../shapes';
import { operation } from './operation';

export const TagResource = operation(z.object({ KeyId: z.string(), Tags: ZAwsTags }), async ({ ctx, actor, scope }, input) => {
  await tagResource(ctx, { actor, keyRef: toKeyRef(input.KeyId, scope.accountId), tags: toTags(input.Tags) });
  return {};
});

export const UntagResource = operation(
  z.object({ KeyId: z.string(), TagKeys: z.array(z.string()) }),
  async ({ ctx, actor, scope }, input) => {
    await untagResource(ctx, { actor, keyRef: toKeyRef(input.KeyId, scope.accountId), tagKeys: input.TagKeys });
    return {};
  },
);

export const ListResourceTags = operation(
  z.object({ KeyId: z.string(), Limit: z.int().optional(), Marker: z.string().optional() }),
  async ({ ctx, actor, scope }, input) => {
    const page = await listResourceTags(ctx, {
      actor,
      keyRef: toKeyRef(input.KeyId, scope.accountId),
      limit: input.Limit,
      marker: input.Marker,
    });
    return {
      Tags: fromTags(page.tags),
      Truncated: page.nextMarker !== null,
      ...(page.nextMarker !== null ? { NextMarker: page.nextMarker } : {}),
    };
  },
);
