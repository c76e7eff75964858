import { describe, expect, it } from 'vitest';
import { createKey } from './create-key';
import { listResourceTags } from './list-resource-tags';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { tagResource } from './tag-resource';
import { untagResource } from './untag-resource';
import { barrier, codeOf, createTestContext, principal } from './testing/test-context';
import type { Tag } from './types';
import { MAX_TAGS_PER_KEY } from './validation';

const admin = principal('ADMINISTRATOR');
const MISSING = '00000000-0000-4000-8000-000000000000';
const tag = (tagKey: string, tagValue = ''): Tag => ({ tagKey, tagValue });
const numbered = (from: number, count: number) => Array.from({ length: count }, (_, i) => tag(`k${String(from + i).padStart(3, '0')}`, 'v'));

async function keyed(alias = 'app') {
  const t = createTestContext();
  const key = await createKey(t.ctx, { actor: admin, alias, origin: 'KMS' });
  return { ...t, keyId: key.id };
}

const tagsOf = async (t: Awaited<ReturnType<typeof keyed>>, keyRef = t.keyId) => (await listResourceTags(t.ctx, { actor: admin, keyRef })).tags;

describe('tagResource', () => {
  it('adds tags by key ID or alias, replaces the value of an existing key, and audits only their number', async () => {
    const t = await keyed();
    await tagResource(t.ctx, { actor: principal('KEY_MANAGER'), keyRef: t.keyId, tags: [tag('team', 'payments'), tag('env', 'prod')] });
    await tagResource(t.ctx, { actor: admin, keyRef: 'alias/app', tags: [tag('env', 'staging'), tag('Env', 'case matters')] });
    expect(await tagsOf(t)).toEqual([tag('Env', 'case matters'), tag('env', 'staging'), tag('team', 'payments')]);
    expect(t.store.audit.at(-1)).toMatchObject({ action: 'TagResource', keyId: t.keyId, result: 'SUCCESS', details: { tagCount: 2 } });
    expect(JSON.stringify(t.store.audit)).not.toContain('payments');
  });

  it('accepts AWS’s character set: letters and digits of any script, spaces and _ . : / = + - @', async () => {
    const t = await keyed();
    const tags = [tag('Kostenstelle ü', 'Straße 1'), tag('部门', '财务/二〇二六'), tag('a_.:/=+-@ b', ''), tag('x'.repeat(128), 'y'.repeat(256))];
    await tagResource(t.ctx, { actor: admin, keyRef: t.keyId, tags });
    expect(await tagsOf(t)).toHaveLength(4);
  });

  it.each([
    ['an empty key', [tag('')]],
    ['a key of 129 characters', [tag('k'.repeat(129))]],
    ['a value of 257 characters', [tag('k', 'v'.repeat(257))]],
    ['a reserved "aws:" key', [tag('aws:createdBy')]],
    ['a reserved key in another case', [tag('AWS:x')]],
    ['a character outside the set', [tag('a;b')]],
    ['a control character in a value', [tag('a', 'line\nbreak')]],
    ['the same key twice in one request', [tag('a', '1'), tag('a', '2')]],
    ['no tags at all', []],
    ['51 tags in one request', numbered(0, 51)],
  ])('refuses %s with VALIDATION, writes nothing and audits the failure', async (_, tags) => {
    const t = await keyed();
    expect(await codeOf(tagResource(t.ctx, { actor: admin, keyRef: t.keyId, tags }))).toBe('VALIDATION');
    expect(t.store.tags.size).toBe(0);
    expect(t.store.audit.at(-1)).toMatchObject({ action: 'TagResource', result: 'FAILURE', errorCode: 'VALIDATION', keyId: t.keyId });
  });

  it('caps a key at 50 tags counting those it has; replacing values does not count', async () => {
    const t = await keyed();
    await tagResource(t.ctx, { actor: admin, keyRef: t.keyId, tags: numbered(0, 48) });
    expect(await codeOf(tagResource(t.ctx, { actor: admin, keyRef: t.keyId, tags: numbered(47, 4) }))).toBe('VALIDATION');
    expect(await tagsOf(t)).toHaveLength(48); // nothing of the refused request was written
    await tagResource(t.ctx, { actor: admin, keyRef: t.keyId, tags: numbered(40, 10) }); // 8 replaced, 2 added
    expect(await tagsOf(t)).toHaveLength(MAX_TAGS_PER_KEY);
    expect(await codeOf(tagResource(t.ctx, { actor: admin, keyRef: t.keyId, tags: [tag('one-more')] }))).toBe('VALIDATION');
    await tagResource(t.ctx, { actor: admin, keyRef: t.keyId, tags: [tag('k000', 'replaced')] });
  });

  it('lets two concurrent requests that together exceed the cap not both succeed', async () => {
    const t = await keyed();
    await tagResource(t.ctx, { actor: admin, keyRef: t.keyId, tags: numbered(0, 40) });
    t.store.hooks.updateKey = barrier(2);
    const codes = await Promise.all([100, 200].map((from) => codeOf(tagResource(t.ctx, { actor: admin, keyRef: t.keyId, tags: numbered(from, 6) }))));
    expect(codes.sort()).toEqual(['NO_ERROR', 'VALIDATION']);
    expect(await tagsOf(t)).toHaveLength(46);
  });

  it('refuses a key pending deletion with INVALID_STATE, and unknown keys or aliases with NOT_FOUND', async () => {
    const t = await keyed();
    await scheduleKeyDeletion(t.ctx, { actor: admin, keyId: t.keyId });
    expect(await codeOf(tagResource(t.ctx, { actor: admin, keyRef: t.keyId, tags: [tag('a')] }))).toBe('INVALID_STATE');
    expect(await codeOf(untagResource(t.ctx, { actor: admin, keyRef: t.keyId, tagKeys: ['a'] }))).toBe('INVALID_STATE');
    expect(await codeOf(tagResource(t.ctx, { actor: admin, keyRef: MISSING, tags: [tag('a')] }))).toBe('NOT_FOUND');
    expect(await codeOf(tagResource(t.ctx, { actor: admin, keyRef: 'alias/none', tags: [tag('a')] }))).toBe('NOT_FOUND');
    expect(t.store.audit.at(-1)).toMatchObject({ action: 'TagResource', errorCode: 'NOT_FOUND', keyId: null, details: { alias: 'none' } });
  });

  it.each(['KEY_USER', 'AUDITOR'] as const)('refuses a %s with FORBIDDEN and audits the refusal', async (role) => {
    const t = await keyed();
    expect(await codeOf(tagResource(t.ctx, { actor: principal(role), keyRef: t.keyId, tags: [tag('a')] }))).toBe('FORBIDDEN');
    expect(await codeOf(untagResource(t.ctx, { actor: principal(role), keyRef: t.keyId, tagKeys: ['a'] }))).toBe('FORBIDDEN');
    expect(t.store.audit.slice(-2)).toEqual([
      expect.objectContaining({ action: 'TagResource', result: 'FAILURE', errorCode: 'FORBIDDEN' }),
      expect.objectContaining({ action: 'UntagResource', result: 'FAILURE', errorCode: 'FORBIDDEN' }),
    ]);
  });
});

describe('untagResource', () => {
  it('removes the named tags and ignores keys the key does not have', async () => {
    const t = await keyed();
    await tagResource(t.ctx, { actor: admin, keyRef: t.keyId, tags: [tag('a'), tag('b'), tag('c')] });
    await untagResource(t.ctx, { actor: admin, keyRef: 'app', tagKeys: ['a', 'absent', 'aws:reserved', 'C'] });
    expect(await tagsOf(t)).toEqual([tag('b'), tag('c')]);
    expect(t.store.audit.at(-1)).toMatchObject({ action: 'UntagResource', keyId: t.keyId, result: 'SUCCESS' });
  });

  it('refuses malformed tag keys and an empty list with VALIDATION', async () => {
    const t = await keyed();
    for (const tagKeys of [[], [''], ['a;b'], ['k'.repeat(129)]]) {
      expect(await codeOf(untagResource(t.ctx, { actor: admin, keyRef: t.keyId, tagKeys }))).toBe('VALIDATION');
    }
  });
});

describe('listResourceTags', () => {
  it('lists tags in byte order (as SQLite and PostgreSQL "C" order them), in every state, for every role', async () => {
    const t = await keyed();
    // UTF-16 order would put U+FF21 (Ａ) after U+1D400 (𝐀); UTF-8 byte order puts it before.
    const tags = [tag('b'), tag('B'), tag('𝐀'), tag('Ａ'), tag('a'), tag('_')];
    await tagResource(t.ctx, { actor: admin, keyRef: t.keyId, tags });
    await scheduleKeyDeletion(t.ctx, { actor: admin, keyId: t.keyId });
    for (const role of ['ADMINISTRATOR', 'KEY_MANAGER', 'KEY_USER', 'AUDITOR'] as const) {
      const { tags: listed } = await listResourceTags(t.ctx, { actor: principal(role), keyRef: 'alias/app' });
      expect(listed.map((x) => x.tagKey)).toEqual(['B', '_', 'a', 'b', 'Ａ', '𝐀']);
    }
  });

  it('pages with limit and an opaque marker, resuming after the marker’s name even if that tag was removed', async () => {
    const t = await keyed();
    await tagResource(t.ctx, { actor: admin, keyRef: t.keyId, tags: [tag('a'), tag('b'), tag('c'), tag('d'), tag('e')] });
    const first = await listResourceTags(t.ctx, { actor: admin, keyRef: t.keyId, limit: 2 });
    expect(first.tags.map((x) => x.tagKey)).toEqual(['a', 'b']);
    expect(first.nextMarker).not.toBeNull();
    expect(first.nextMarker).not.toContain('b');
    await untagResource(t.ctx, { actor: admin, keyRef: t.keyId, tagKeys: ['b'] });
    const second = await listResourceTags(t.ctx, { actor: admin, keyRef: t.keyId, limit: 2, marker: first.nextMarker as string });
    expect(second.tags.map((x) => x.tagKey)).toEqual(['c', 'd']);
    const last = await listResourceTags(t.ctx, { actor: admin, keyRef: t.keyId, limit: 2, marker: second.nextMarker as string });
    expect(last).toEqual({ tags: [tag('e')], nextMarker: null });
    expect(await listResourceTags(t.ctx, { actor: admin, keyRef: t.keyId, limit: 5 })).toMatchObject({ nextMarker: null });
  });

  it('answers NOT_FOUND for unknown keys, VALIDATION for bad limits and markers, and audits only refusals', async () => {
    const t = await keyed();
    expect(await codeOf(listResourceTags(t.ctx, { actor: admin, keyRef: MISSING }))).toBe('NOT_FOUND');
    expect(await codeOf(listResourceTags(t.ctx, { actor: admin, keyRef: 'alias/none' }))).toBe('NOT_FOUND');
    for (const limit of [0, 51, 1.5]) expect(await codeOf(listResourceTags(t.ctx, { actor: admin, keyRef: t.keyId, limit }))).toBe('VALIDATION');
    for (const marker of ['', 'not a marker!', Buffer.from('a;b').toString('base64url')]) {
      expect(await codeOf(listResourceTags(t.ctx, { actor: admin, keyRef: t.keyId, marker }))).toBe('VALIDATION');
    }
    const audited = t.store.audit.length;
    const intruder = { ...admin, role: 'NOBODY' as 'AUDITOR' };
    expect(await codeOf(listResourceTags(t.ctx, { actor: intruder, keyRef: t.keyId }))).toBe('FORBIDDEN');
    expect(t.store.audit.slice(audited)).toEqual([expect.objectContaining({ action: 'ListResourceTags', errorCode: 'FORBIDDEN', keyId: t.keyId })]);
  });
});
