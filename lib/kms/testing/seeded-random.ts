/**
 * Deterministic randomness for generated tests (differential tests of parsers and verifiers): the same seed
 * gives the same cases on every run and platform, so a failure names a case index that reproduces.
 */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** mulberry32: tiny, fast, and the same sequence on every platform. */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  text(alphabet: string | readonly string[], min: number, max: number): string {
    const chars = typeof alphabet === 'string' ? [...alphabet] : alphabet;
    let out = '';
    for (let length = min + this.int(max - min + 1); length > 0; length--) out += this.pick(chars);
    return out;
  }
}
