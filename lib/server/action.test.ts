import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { KmsError } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';
import { defineAction } from './action';
import { capturingLogger } from './capturing-logger';

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
const captured = vi.hoisted(() => ({ logger: undefined as unknown as ReturnType<typeof capturingLogger> }));
vi.mock('@/lib/server/logger', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./logger')>()),
  componentLogger: (component: string) => captured.logger.logger.child({ component }),
}));
beforeEach(() => {
  captured.logger = capturingLogger();
});

const ZInput = z.object({ name: z.string().min(3).max(5), count: z.number().int().max(10) });
const ZKeyInput = z.object({ keyId: z.string(), plaintext: z.string(), encryptionContext: z.record(z.string(), z.string()) });

describe('defineAction', () => {
  it('authenticates, validates and hands the handler the context, the actor and the parsed input', async () => {
    state.signedIn = true;
    const handler = vi.fn(async (_ctx: unknown, _actor: Principal, input: z.output<typeof ZInput>) => `hello ${input.name}`);
    const result = await defineAction('test', ZInput, handler)({ name: 'abcd', count: 2 });
    expect(result).toEqual({ ok: true, data: 'hello abcd' });
    expect(handler).toHaveBeenCalledWith(state.ctx, actor, { name: 'abcd', count: 2 });
  });

  it('refuses without a session before validating or calling the handler', async () => {
    state.signedIn = false;
    const handler = vi.fn();
    expect(await defineAction('test', ZInput, handler)({ name: '', count: 99 })).toEqual({ ok: false, code: 'UNAUTHENTICATED' });
    expect(handler).not.toHaveBeenCalled();
    state.signedIn = true;
  });

  it('answers VALIDATION with stable keys per field, never zod’s text', async () => {
    const handler = vi.fn();
    const result = await defineAction('test', ZInput, handler)({ name: 'ab', count: 11 });
    expect(result).toEqual({ ok: false, code: 'VALIDATION', fieldErrors: { name: ['tooShort'], count: ['tooLarge'] } });
    expect(await defineAction('test', ZInput, handler)({ name: '', count: 1 })).toMatchObject({ fieldErrors: { name: ['required'] } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes a domain refusal’s code and its reason, not its developer text', async () => {
    const refused = defineAction('test', ZInput, async () => {
      throw new KmsError('MATERIAL_INCORRECT', 'developer text', 'wrong-length');
    });
    expect(await refused({ name: 'abc', count: 1 })).toEqual({ ok: false, code: 'MATERIAL_INCORRECT', reason: 'wrong-length' });
    const plain = defineAction('test', ZInput, async () => {
      throw new KmsError('DISABLED', 'developer text');
    });
    expect(await plain({ name: 'abc', count: 1 })).toEqual({ ok: false, code: 'DISABLED' });
  });

  it('passes a refusal’s non-secret facts (the version a refused import expected) so the message can name them', async () => {
    const params = { sequence: '1', materialId: 'a'.repeat(64), kcv: '0A1B2C' };
    const refused = defineAction('test', ZInput, async () => {
      throw new KmsError('MATERIAL_INCORRECT', 'developer text', 'different-material', params);
    });
    expect(await refused({ name: 'abc', count: 1 })).toEqual({ ok: false, code: 'MATERIAL_INCORRECT', reason: 'different-material', params });
  });

  it('turns anything else into INTERNAL and logs only the error’s type and frames, under an incident id', async () => {
    const failing = defineAction('test', ZInput, async () => {
      throw new Error('driver text with sealed bytes 0xdeadbeef');
    });
    expect(await failing({ name: 'abc', count: 1 })).toEqual({ ok: false, code: 'INTERNAL' });
    const [record] = captured.logger.records();
    expect(record).toMatchObject({ level: 'error', operation: 'test', result: 'INTERNAL', incidentId: expect.stringMatching(/^[0-9a-f-]{36}$/), error: 'Error' });
    expect(record!.msg).toContain(`incident ${String(record!.incidentId)}`);
    expect(captured.logger.lines.join('')).not.toContain('0xdeadbeef');
  });

  it('logs one line per call: action, actor, key, result (ok, the refusal’s code) and duration', async () => {
    state.signedIn = true;
    await defineAction('encryptText', ZKeyInput, async () => 'ciphertext')({ keyId: 'key-1', plaintext: 'p', encryptionContext: {} });
    await defineAction('disableKey', ZKeyInput, async () => {
      throw new KmsError('DISABLED', 'developer text');
    })({ keyId: 'key-2', plaintext: 'p', encryptionContext: {} });
    await defineAction('test', ZInput, vi.fn())({ name: 'ab', count: 1 });
    await defineAction('createKey', ZInput, async () => ({ keyId: 'key-new' }))({ name: 'abc', count: 1 });
    state.signedIn = false;
    await defineAction('test', ZInput, vi.fn())({ name: 'abc', count: 1 });
    state.signedIn = true;
    const records = captured.logger.records();
    expect(records.map(({ operation, actorId, keyId, result, component, level }) => ({ operation, actorId, keyId, result, component, level }))).toEqual([
      { operation: 'encryptText', actorId: 'user-1', keyId: 'key-1', result: 'ok', component: 'console', level: 'info' },
      { operation: 'disableKey', actorId: 'user-1', keyId: 'key-2', result: 'DISABLED', component: 'console', level: 'info' },
      { operation: 'test', actorId: 'user-1', keyId: null, result: 'VALIDATION', component: 'console', level: 'info' },
      { operation: 'createKey', actorId: 'user-1', keyId: 'key-new', result: 'ok', component: 'console', level: 'info' },
      { operation: 'test', actorId: null, keyId: null, result: 'UNAUTHENTICATED', component: 'console', level: 'info' },
    ]);
    for (const record of records) expect(record.durationMs).toEqual(expect.any(Number));
  });

  it('never logs the input’s other fields: a plaintext and an encryption context stay out of the line', async () => {
    state.signedIn = true;
    await defineAction('encryptText', ZKeyInput, async () => 'ciphertext')({ keyId: 'key-1', plaintext: 'wire the money on Friday', encryptionContext: { tenant: 'acme-secret-tenant' } });
    const line = captured.logger.lines.join('');
    expect(line).toContain('key-1');
    for (const secret of ['wire the money', 'acme-secret-tenant', 'tenant', 'ciphertext']) expect(line).not.toContain(secret);
  });

  it('answers UNAVAILABLE ("try again"), not INTERNAL, when the database could not be reached, also before any domain call', async () => {
    const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const failing = defineAction('failing', ZInput, async () => {
      throw unreachable;
    });
    expect(await failing({ name: 'abc', count: 1 })).toEqual({ ok: false, code: 'UNAVAILABLE' });
  });
});
