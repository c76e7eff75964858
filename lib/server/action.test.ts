import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { KmsError } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';
import { defineAction } from './action';

const state = vi.hoisted(() => ({ signedIn: true, ctx: { marker: 'ctx' } as unknown }));
const actor = { kind: 'user', id: 'user-1' } as unknown as Principal;

vi.mock('@/lib/auth/session', async () => {
  const { KmsError: Refusal } = await import('@/lib/kms/errors');
  return {
    requireActionPrincipal: async () => {
      if (!state.signedIn) throw new Refusal('UNAUTHENTICATED', 'No valid session.');
      return actor;
    },
  };
});
vi.mock('@/lib/server/kms-context', () => ({ getKmsContext: async () => state.ctx }));

const ZInput = z.object({ name: z.string().min(3).max(5), count: z.number().int().max(10) });

describe('defineAction', () => {
  it('authenticates, validates and hands the handler the context, the actor and the parsed input', async () => {
    state.signedIn = true;
    const handler = vi.fn(async (_ctx: unknown, _actor: Principal, input: z.output<typeof ZInput>) => `hello ${input.name}`);
    const result = await defineAction(ZInput, handler)({ name: 'abcd', count: 2 });
    expect(result).toEqual({ ok: true, data: 'hello abcd' });
    expect(handler).toHaveBeenCalledWith(state.ctx, actor, { name: 'abcd', count: 2 });
  });

  it('refuses without a session before validating or calling the handler', async () => {
    state.signedIn = false;
    const handler = vi.fn();
    expect(await defineAction(ZInput, handler)({ name: '', count: 99 })).toEqual({ ok: false, code: 'UNAUTHENTICATED' });
    expect(handler).not.toHaveBeenCalled();
    state.signedIn = true;
  });

  it('answers VALIDATION with stable keys per field, never zod’s text', async () => {
    const handler = vi.fn();
    const result = await defineAction(ZInput, handler)({ name: 'ab', count: 11 });
    expect(result).toEqual({ ok: false, code: 'VALIDATION', fieldErrors: { name: ['tooShort'], count: ['tooLarge'] } });
    expect(await defineAction(ZInput, handler)({ name: '', count: 1 })).toMatchObject({ fieldErrors: { name: ['required'] } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes a domain refusal’s code and its reason, not its developer text', async () => {
    const refused = defineAction(ZInput, async () => {
      throw new KmsError('MATERIAL_INCORRECT', 'developer text', 'wrong-length');
    });
    expect(await refused({ name: 'abc', count: 1 })).toEqual({ ok: false, code: 'MATERIAL_INCORRECT', reason: 'wrong-length' });
    const plain = defineAction(ZInput, async () => {
      throw new KmsError('DISABLED', 'developer text');
    });
    expect(await plain({ name: 'abc', count: 1 })).toEqual({ ok: false, code: 'DISABLED' });
  });

  it('passes a refusal’s non-secret facts (the version a refused import expected) so the message can name them', async () => {
    const params = { sequence: '1', materialId: 'a'.repeat(64), kcv: '0A1B2C' };
    const refused = defineAction(ZInput, async () => {
      throw new KmsError('MATERIAL_INCORRECT', 'developer text', 'different-material', params);
    });
    expect(await refused({ name: 'abc', count: 1 })).toEqual({ ok: false, code: 'MATERIAL_INCORRECT', reason: 'different-material', params });
  });

  it('turns anything else into INTERNAL and logs only the error’s type and frames, under an incident id', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const failing = defineAction(ZInput, async () => {
        throw new Error('driver text with sealed bytes 0xdeadbeef');
      });
      expect(await failing({ name: 'abc', count: 1 })).toEqual({ ok: false, code: 'INTERNAL' });
      const line = String(log.mock.calls[0]?.[0]);
      expect(line).toMatch(/incident [0-9a-f-]{36}/);
      expect(line).not.toContain('0xdeadbeef');
    } finally {
      log.mockRestore();
    }
  });

  it('answers UNAVAILABLE ("try again"), not INTERNAL, when the database could not be reached, also before any domain call', async () => {
    const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const failing = defineAction(ZInput, async () => {
      throw unreachable;
    });
    expect(await failing({ name: 'abc', count: 1 })).toEqual({ ok: false, code: 'UNAVAILABLE' });
  });
});
