// TagResource, UntagResource, ListResourceTags with AWS's tag rules.
import {
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type Tag,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { createKey, expectKmsError, keyArn, kmsClient } from './support/client';

const client = kmsClient();

async function tagsOf(keyId: string): Promise<Tag[]> {
  const tags: Tag[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(new ListResourceTagsCommand({ KeyId: keyId, Marker: marker }));
    tags.push(...(page.Tags ?? []));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return tags.sort((a, b) => a.TagKey!.localeCompare(b.TagKey!));
}

describe('tags', () => {
  it('adds tags, overwrites the value of an existing tag key, and removes tags by key', async () => {
    const { KeyId } = await createKey(client);
    await client.send(
      new TagResourceCommand({
        KeyId,
        Tags: [
          { TagKey: 'cost-center', TagValue: '42' },
          { TagKey: 'owner', TagValue: 'alice@example.com' },
        ],
      }),
    );
    await client.send(new TagResourceCommand({ KeyId: keyArn(KeyId), Tags: [{ TagKey: 'owner', TagValue: 'bob@example.com' }] }));
    expect(await tagsOf(KeyId)).toEqual([
      { TagKey: 'cost-center', TagValue: '42' },
      { TagKey: 'owner', TagValue: 'bob@example.com' },
    ]);

    await client.send(new UntagResourceCommand({ KeyId, TagKeys: ['cost-center'] }));
    expect(await tagsOf(KeyId)).toEqual([{ TagKey: 'owner', TagValue: 'bob@example.com' }]);
  });

  it('pages ListResourceTags with Limit and Marker', async () => {
    const { KeyId } = await createKey(client);
    const tags = Array.from({ length: 5 }, (_, i) => ({ TagKey: `k${i}`, TagValue: `v${i}` }));
    await client.send(new TagResourceCommand({ KeyId, Tags: tags }));
    const first = await client.send(new ListResourceTagsCommand({ KeyId, Limit: 2 }));
    expect(first.Tags).toHaveLength(2);
    expect(first.Truncated).toBe(true);
    const seen = [...first.Tags!];
    let marker = first.NextMarker;
    while (marker) {
      const page = await client.send(new ListResourceTagsCommand({ KeyId, Limit: 2, Marker: marker }));
      seen.push(...page.Tags!);
      marker = page.Truncated ? page.NextMarker : undefined;
    }
    expect(seen.sort((a, b) => a.TagKey!.localeCompare(b.TagKey!))).toEqual(tags);
  });

  it('refuses tag keys starting with aws:, over-long keys and duplicate keys with ValidationException, changing nothing', async () => {
    const { KeyId } = await createKey(client, { Tags: [{ TagKey: 'keep', TagValue: 'me' }] });
    const refused: Tag[][] = [
      [{ TagKey: 'aws:reserved', TagValue: 'x' }],
      [{ TagKey: 'k'.repeat(129), TagValue: 'x' }],
      [{ TagKey: 'ok', TagValue: 'v'.repeat(257) }],
      [
        { TagKey: 'dup', TagValue: '1' },
        { TagKey: 'dup', TagValue: '2' },
      ],
    ];
    for (const tags of refused) {
      await expectKmsError(client.send(new TagResourceCommand({ KeyId, Tags: tags })), 'ValidationException');
    }
    expect(await tagsOf(KeyId)).toEqual([{ TagKey: 'keep', TagValue: 'me' }]);
  });

  it('refuses more than 50 tags on one key with ValidationException', async () => {
    const { KeyId } = await createKey(client);
    const fifty = Array.from({ length: 50 }, (_, i) => ({ TagKey: `t${i}`, TagValue: '' }));
    await client.send(new TagResourceCommand({ KeyId, Tags: fifty }));
    await expectKmsError(client.send(new TagResourceCommand({ KeyId, Tags: [{ TagKey: 'one-too-many', TagValue: '' }] })), 'ValidationException');
  });

  it('refuses to tag or untag a key pending deletion with KMSInvalidStateException, but still lists its tags', async () => {
    const { KeyId } = await createKey(client, { Tags: [{ TagKey: 'stage', TagValue: 'retiring' }] });
    await client.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
    await expectKmsError(client.send(new TagResourceCommand({ KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] })), 'KMSInvalidStateException');
    await expectKmsError(client.send(new UntagResourceCommand({ KeyId, TagKeys: ['stage'] })), 'KMSInvalidStateException');
    expect(await tagsOf(KeyId)).toEqual([{ TagKey: 'stage', TagValue: 'retiring' }]);
  });
});
