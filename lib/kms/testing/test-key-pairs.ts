import type { KeyPairSource } from '../context';
import { generateWrappingKeyPair, type TWrappingKeyPair } from '../crypto/key-pair-pool';
import { WRAPPING_KEY_MODULUS_BITS, type TWrappingKeySpec } from '../crypto/wrapping';

// RSA generation takes up to seconds (4096 bits), so tests generate one pair per spec per test file
// (module scope: Vitest isolates files) and hand out copies. Production hands out a fresh pair per request
// (crypto/key-pair-pool.ts, tested there); the domain only relies on owning what it takes.
const generated = new Map<TWrappingKeySpec, Promise<TWrappingKeyPair>>();

function pairFor(spec: TWrappingKeySpec): Promise<TWrappingKeyPair> {
  let pair = generated.get(spec);
  if (!pair) {
    pair = generateWrappingKeyPair({ modulusLength: WRAPPING_KEY_MODULUS_BITS[spec] });
    generated.set(spec, pair);
  }
  return pair;
}

export interface TTestKeyPairs extends KeyPairSource {
  /** Specs taken, in order: proves an operation took (or, when refused, did not take) a pair. */
  readonly taken: TWrappingKeySpec[];
  /** The private keys handed out, to check the taker zeroed them. */
  readonly handedOut: Buffer[];
}

export function createTestKeyPairs(): TTestKeyPairs {
  const taken: TWrappingKeySpec[] = [];
  const handedOut: Buffer[] = [];
  return {
    taken,
    handedOut,
    async take(spec) {
      taken.push(spec);
      const pair = await pairFor(spec);
      // Copies: the taker zeroes the private key it gets, which must not break the next test.
      const copy = { publicKeyDer: Buffer.from(pair.publicKeyDer), privateKeyPkcs8Der: Buffer.from(pair.privateKeyPkcs8Der) };
      handedOut.push(copy.privateKeyPkcs8Der);
      return copy;
    },
  };
}
