import { describe, expect, it } from 'vitest';
import { isKmsError } from './errors';
import { assertTransition, STATE_ACTIONS, TRANSITIONS, type StateAction } from './states';
import { KEY_ORIGINS, KEY_STATES, type KeyOrigin, type KeyState } from './types';

// Written from SPEC §2 (plus §1's description rule and AWS's alias rule) by hand, independently of
// states.ts: a cell is the state after the action, 'PURGED', an error code, or 'withMaterial/withoutMaterial'.
const FROM = ['NEW', 'ENABLED', 'DISABLED', 'PENDING_DELETION', 'PENDING_IMPORT'] as const;
type Cell = string;
type Row = readonly [Cell, Cell, Cell, Cell, Cell];
const X = 'INVALID_STATE';
const U = 'UNSUPPORTED';
const ALL_UNSUPPORTED: Row = [U, U, U, U, U];

const EXPECTED: Record<StateAction, Record<KeyOrigin, Row>> = {
  //                   NEW               ENABLED     DISABLED    PENDING_DELETION  PENDING_IMPORT
  create: {
    KMS: ['ENABLED', X, X, X, X],
    EXTERNAL: ['PENDING_IMPORT', X, X, X, X],
  },
  updateDescription: {
    KMS: [X, 'ENABLED', 'DISABLED', X, 'PENDING_IMPORT'],
    EXTERNAL: [X, 'ENABLED', 'DISABLED', X, 'PENDING_IMPORT'],
  },
  createAlias: {
    KMS: [X, 'ENABLED', 'DISABLED', X, 'PENDING_IMPORT'],
    EXTERNAL: [X, 'ENABLED', 'DISABLED', X, 'PENDING_IMPORT'],
  },
  deleteAlias: {
    KMS: [X, 'ENABLED', 'DISABLED', 'PENDING_DELETION', 'PENDING_IMPORT'],
    EXTERNAL: [X, 'ENABLED', 'DISABLED', 'PENDING_DELETION', 'PENDING_IMPORT'],
  },
  enable: {
    KMS: [X, X, 'ENABLED', X, X],
    EXTERNAL: [X, X, 'ENABLED', X, X],
  },
  disable: {
    KMS: [X, 'DISABLED', X, X, X],
    EXTERNAL: [X, 'DISABLED', X, X, X],
  },
  scheduleDeletion: {
    KMS: [X, 'PENDING_DELETION', 'PENDING_DELETION', X, 'PENDING_DELETION'],
    EXTERNAL: [X, 'PENDING_DELETION', 'PENDING_DELETION', X, 'PENDING_DELETION'],
  },
  cancelDeletion: {
    KMS: [X, X, X, 'DISABLED/PENDING_IMPORT', X],
    EXTERNAL: [X, X, X, 'DISABLED/PENDING_IMPORT', X],
  },
  purge: {
    KMS: [X, X, X, 'PURGED', X],
    EXTERNAL: [X, X, X, 'PURGED', X],
  },
  getImportParameters: {
    KMS: ALL_UNSUPPORTED,
    EXTERNAL: [X, 'ENABLED', 'DISABLED', X, 'PENDING_IMPORT'],
  },
  importMaterial: {
    KMS: ALL_UNSUPPORTED,
    EXTERNAL: [X, 'ENABLED', 'DISABLED', X, 'ENABLED'],
  },
  deleteMaterial: {
    KMS: ALL_UNSUPPORTED,
    EXTERNAL: [X, 'PENDING_IMPORT', 'PENDING_IMPORT', 'PENDING_DELETION', X],
  },
  expireMaterial: {
    KMS: ALL_UNSUPPORTED,
    EXTERNAL: [X, 'PENDING_IMPORT', 'PENDING_IMPORT', 'PENDING_DELETION', X],
  },
  // AWS: tags cannot change while a key waits to be purged.
  tag: {
    KMS: [X, 'ENABLED', 'DISABLED', X, 'PENDING_IMPORT'],
    EXTERNAL: [X, 'ENABLED', 'DISABLED', X, 'PENDING_IMPORT'],
  },
  untag: {
    KMS: [X, 'ENABLED', 'DISABLED', X, 'PENDING_IMPORT'],
    EXTERNAL: [X, 'ENABLED', 'DISABLED', X, 'PENDING_IMPORT'],
  },
  // SPEC §11: rotation needs the key enabled; a disabled key is refused with DISABLED, as AWS does.
  rotate: {
    KMS: [X, 'ENABLED', 'DISABLED', X, X],
    EXTERNAL: [X, 'ENABLED', 'DISABLED', X, X],
  },
  // Automatic rotation: generated keys only.
  configureRotation: {
    KMS: [X, 'ENABLED', 'DISABLED', X, X],
    EXTERNAL: ALL_UNSUPPORTED,
  },
};

function outcome(from: KeyState | null, action: StateAction, origin: KeyOrigin, hasMaterial: boolean): string {
  try {
    return assertTransition({ from, action, origin, hasMaterial }) ?? 'PURGED';
  } catch (error) {
    if (isKmsError(error)) return error.code;
    throw error;
  }
}

describe('state machine (SPEC §2), every state × action × origin × material', () => {
  it('knows exactly the actions this table describes (a new action needs a row here)', () => {
    expect([...STATE_ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(Object.keys(TRANSITIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...KEY_STATES].sort()).toEqual(FROM.slice(1).sort());
  });

  const cases = STATE_ACTIONS.flatMap((action) =>
    KEY_ORIGINS.flatMap((origin) =>
      FROM.flatMap((from, column) =>
        [true, false].map((hasMaterial) => {
          const cell = EXPECTED[action][origin][column] as string;
          const [withMaterial, withoutMaterial = withMaterial] = cell.split('/');
          return { action, origin, from, hasMaterial, expected: hasMaterial ? withMaterial : withoutMaterial };
        }),
      ),
    ),
  );

  it.each(cases)('$action from $from (origin $origin, material $hasMaterial) → $expected', (c) => {
    const from = c.from === 'NEW' ? null : (c.from as KeyState);
    expect(outcome(from, c.action, c.origin, c.hasMaterial)).toBe(c.expected);
  });

  it('checks the origin before the state: import on a generated key pending deletion is UNSUPPORTED', () => {
    expect(outcome('PENDING_DELETION', 'importMaterial', 'KMS', true)).toBe('UNSUPPORTED');
  });

  it('explains a refusal with the action and state, never with key data', () => {
    expect(() => assertTransition({ from: 'PENDING_DELETION', action: 'enable', origin: 'KMS', hasMaterial: true })).toThrow(
      /enable is not allowed for a key in state PENDING_DELETION/,
    );
  });
});
