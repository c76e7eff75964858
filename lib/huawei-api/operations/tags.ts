import { z } from 'zod';
import { listResourceTags, MAX_TAGS_PER_KEY, tagResource, untagResource } from '@/lib/kms';
import { parseHuawei, ZHuaweiKeyId } from '../shapes';
import type { THuaweiCall, THuaweiOperation } from './operation';

// Key tags (Huawei: POST/GET {key_id}/tags, DELETE {key_id}/tags/{key}, POST {key_id}/tags/action; sources:
// support.huaweicloud.com api-dew CreateKmsTag, DeleteTag, BatchCreateKmsTags, OTC kms_02_0045). The tag rules
// are the domain's (AWS's: key 1–128, value 0–256 characters, SPEC §8), which admit every Huawei tag (36/43).

const ZTagItem = z.object({ key: z.string(), value: z.string().default('') });
const toTag = (tag: z.output<typeof ZTagItem>) => ({ tagKey: tag.key, tagValue: tag.value });

/** The key ID from the path, KMS.0205 when it is not one. */
function keyIdOf(call: THuaweiCall): string {
  return parseHuawei(z.object({ key_id: ZHuaweiKeyId }), call.params, { key_id: 'KMS.0205' }).key_id;
}

export const ListKeyTags: THuaweiOperation = {
  async run({ ctx, actor }, call) {
    // One page holds every tag a key may have (the domain's 50-tag cap).
    const page = await listResourceTags(ctx, { actor, keyRef: keyIdOf(call), limit: MAX_TAGS_PER_KEY });
    return { status: 200, payload: { tags: page.tags.map((t) => ({ key: t.tagKey, value: t.tagValue })), existTagsNum: page.tags.length } };
  },
};

export const CreateKeyTag: THuaweiOperation = {
  async run({ ctx, actor }, call) {
    const keyId = keyIdOf(call);
    const input = parseHuawei(z.object({ tag: ZTagItem }), call.body);
    await tagResource(ctx, { actor, keyRef: keyId, tags: [toTag(input.tag)] });
    return { status: 204 };
  },
};

export const DeleteKeyTag: THuaweiOperation = {
  async run({ ctx, actor }, call) {
    const keyId = keyIdOf(call);
    const input = parseHuawei(z.object({ tag_key: z.string() }), call.params);
    await untagResource(ctx, { actor, keyRef: keyId, tagKeys: [input.tag_key] });
    return { status: 204 };
  },
};

const ZTagsAction = z.object({ action: z.enum(['create', 'delete']), tags: z.array(ZTagItem) });

/** Adds or removes several tags at once, in one change of the key (all or none). Deleting ignores the values. */
export const BatchKeyTags: THuaweiOperation = {
  async run({ ctx, actor }, call) {
    const keyId = keyIdOf(call);
    const input = parseHuawei(ZTagsAction, call.body, { action: 'KMS.0308' });
    if (input.action === 'create') await tagResource(ctx, { actor, keyRef: keyId, tags: input.tags.map(toTag) });
    else await untagResource(ctx, { actor, keyRef: keyId, tagKeys: input.tags.map((tag) => tag.key) });
    return { status: 204 };
  },
};
