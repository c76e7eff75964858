import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import errors from '@/messages/en/errors.json';
import versions from '@/messages/en/versions.json';
import versionsZh from '@/messages/zh/versions.json';
import { refusalMessage, type TRefusal } from './refusal-message';

const KCV = '3F0A9C';
const MATERIAL_ID = 'ab'.repeat(32);

function render(refusal: TRefusal, messages: Record<string, unknown> = { errors, versions }, locale = 'en'): string {
  const t = createTranslator({ locale, messages });
  const message = refusalMessage(refusal, (key) => t.has(key as never));
  return t(message.key as never, message.values as never);
}

describe('refusalMessage', () => {
  it('names the version and key check value a refused re-import expected', () => {
    const text = render({ code: 'MATERIAL_INCORRECT', reason: 'different-material', params: { sequence: '2', materialId: MATERIAL_ID, kcv: KCV } });
    expect(text).toContain('not the material of version 2');
    expect(text).toContain(`key check value ${KCV}`);
    expect(text).toContain(MATERIAL_ID);
  });

  it('names the existing version new material duplicates', () => {
    const text = render({ code: 'MATERIAL_INCORRECT', reason: 'existing-version', params: { sequence: '1', materialId: MATERIAL_ID, kcv: KCV } });
    expect(text).toContain('already version 1 of the key');
    expect(text).toContain(KCV);
  });

  it('says the same in Chinese, with the same facts', () => {
    const text = render(
      { code: 'MATERIAL_INCORRECT', reason: 'different-material', params: { sequence: '2', materialId: MATERIAL_ID, kcv: KCV } },
      { errors, versions: versionsZh },
      'zh',
    );
    expect(text).toContain('版本 2');
    expect(text).toContain(KCV);
  });

  it('falls back to the reason’s plain words when a fact is missing, never to an unfilled placeholder', () => {
    const text = render({ code: 'MATERIAL_INCORRECT', reason: 'different-material', params: { sequence: '2' } });
    expect(text).toBe(errors.reasons['different-material']);
    expect(render({ code: 'MATERIAL_INCORRECT', reason: 'wrong-length', params: { sequence: '2', kcv: KCV, materialId: MATERIAL_ID } })).toBe(
      errors.reasons['wrong-length'],
    );
  });

  it('words a code by the code, and a code without words generically', () => {
    expect(render({ code: 'DISABLED' })).toBe(errors.codes.DISABLED);
    expect(render({ code: 'NO_SUCH_CODE' as TRefusal['code'] })).toBe(errors.codes.INTERNAL);
  });
});
