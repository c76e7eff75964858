import { describe, expect, it } from 'vitest';
import { createKey } from './create-key';
import { codeOf, createTestContext, principal } from './testing/test-context';
import { updateKeyDescription } from './update-key-description';

const admin = principal('ADMINISTRATOR');

describe('updateKeyDescription', () => {
  it('replaces the description and audits the change without the text', async () => {
    const { ctx, store } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'k', description: 'old', origin: 'EXTERNAL' });
    const view = await updateKeyDescription(ctx, { actor: admin, keyId, description: '新的描述' });
    expect(view).toMatchObject({ description: '新的描述', state: 'PENDING_IMPORT' });
    expect(store.audit.at(-1)).toMatchObject({ action: 'UpdateKeyDescription', result: 'SUCCESS', keyId });
    expect(JSON.stringify(store.audit.at(-1))).not.toContain('新的描述');
  });

  it('allows clearing it and refuses hostile or oversized text', async () => {
    const { ctx, store } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'k', description: 'old', origin: 'KMS' });
    expect((await updateKeyDescription(ctx, { actor: admin, keyId, description: '' })).description).toBe('');
    for (const description of ['x'.repeat(256), 'evil\u202Etxt', 'line\u2028separator', 'bell\u0007']) {
      expect(await codeOf(updateKeyDescription(ctx, { actor: admin, keyId, description }))).toBe('VALIDATION');
    }
    expect((await store.findKey(keyId))?.description).toBe('');
  });
});
