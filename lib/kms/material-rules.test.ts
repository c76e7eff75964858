import { describe, expect, it } from 'vitest';
import { hasUsableMaterial, holdsExpiredMaterial, materialUsable } from './key-view';
import type { KeyPatch } from './store';

const at = (iso: string) => new Date(iso);
const sealed = Buffer.from('sealed');

describe('the usable-material rule (SPEC §5), written once in key-view.ts', () => {
  it('holds while material is present and before its expiry instant; the instant itself is expired', () => {
    const now = at('2026-01-01T00:00:00Z');
    expect(materialUsable({ present: true, expiresAt: null }, now)).toBe(true);
    expect(materialUsable({ present: true, expiresAt: at('2026-01-01T00:00:00.001Z') }, now)).toBe(true);
    expect(materialUsable({ present: true, expiresAt: now }, now)).toBe(false);
    expect(materialUsable({ present: false, expiresAt: null }, now)).toBe(false);
    // The key cache keeps epoch milliseconds: the same rule decides.
    expect(materialUsable({ present: true, expiresAt: now.getTime() }, now.getTime())).toBe(false);
  });

  it('reads records the same way, and calls stored material past its expiry expired', () => {
    const now = at('2026-01-01T00:00:00Z');
    expect(hasUsableMaterial({ materialCiphertext: sealed, materialExpiresAt: now }, now)).toBe(false);
    expect(holdsExpiredMaterial({ materialCiphertext: sealed, materialExpiresAt: now }, now)).toBe(true);
    expect(holdsExpiredMaterial({ materialCiphertext: null, materialExpiresAt: null }, now)).toBe(false);
    expect(holdsExpiredMaterial({ materialCiphertext: sealed, materialExpiresAt: null }, now)).toBe(false);
  });
});

// Type-level: `npx tsc --noEmit` fails if KeyPatch ever accepts clearing the material ID again.
export const bindsMaterialId: KeyPatch = { materialId: 'a'.repeat(64) };
// @ts-expect-error a patch cannot unbind a key from its material
export const unbindsMaterialId: KeyPatch = { materialId: null };
