/**
 * A seeded, fast PRNG (xoshiro128**, 32-bit words) whose whole state is four
 * numbers, so a source position can carry it for an exact resume.
 */

export class Xoshiro128 {
  a: number;
  b: number;
  c: number;
  d: number;
  constructor(seed: number) {
    // splitmix32 to spread the seed over the state
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }
  /** A uniform unsigned 32-bit integer. */
  nextU32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9);
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r >>> 0;
  }
  /** Uniform in [0, 1) with 53 bits. */
  nextDouble(): number {
    return ((this.nextU32() >>> 5) * 67108864 + (this.nextU32() >>> 6)) / 9007199254740992;
  }
  /** Uniform in [0, 1) with 32 bits (faster). */
  nextFloat(): number {
    return this.nextU32() / 4294967296;
  }
  state(): [number, number, number, number] {
    return [this.a, this.b, this.c, this.d];
  }
  setState(s: readonly number[]): void {
    this.a = (s[0] ?? 1) | 0;
    this.b = (s[1] ?? 0) | 0;
    this.c = (s[2] ?? 0) | 0;
    this.d = (s[3] ?? 0) | 0;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
