// Redis' `math.random` for scripts: the C library's lrand48 (Redis' own copy, `rand.c`), one
// generator for the whole server, in the state lrand48 starts in (seed 0x1234ABCD) when the
// server starts, and going on from script to script (Redis 7 no longer reseeds it for each
// script; `math.randomseed` sets it for the scripts after too). fengari's drew from the host's
// unseeded generator: a script answered differently on every run, and Back replayed other numbers.

const TWO_24 = 16_777_216;
/** The multiplier 0x5DEECE66D, in 24-bit halves. */
const A_LO = 0xece66d;
const A_HI = 0x5de;
const INCREMENT = 0xb;
/** lrand48's state before any srand48 (`rand.c`'s X2, X1, X0): a redis-server's at start. */
export const REDIS_STARTUP_SEED = 0x1234abcd;

/** lrand48's 48-bit state, kept in two 24-bit halves so every product is exact in a double. */
export class Lrand48 {
  private hi = 0;
  private lo = 0;

  constructor(seed = REDIS_STARTUP_SEED) {
    this.seed(seed);
  }

  /** The state, as data (Back's checkpoints). */
  saveState(): [hi: number, lo: number] {
    return [this.hi, this.lo];
  }

  loadState([hi, lo]: readonly [number, number]): void {
    this.hi = hi;
    this.lo = lo;
  }

  /** srand48: the state is the seed's 32 bits over 0x330E. */
  seed(seed: number): void {
    const low16 = seed & 0xffff;
    const high16 = (seed >>> 16) & 0xffff;
    this.hi = high16 * 256 + (low16 >>> 8);
    this.lo = (low16 & 0xff) * 65_536 + 0x330e;
  }

  /** lrand48: the next state (a * x + c mod 2^48), and its top 31 bits. */
  next(): number {
    const low = A_LO * this.lo + INCREMENT;
    const carry = Math.floor(low / TWO_24);
    const high = A_LO * this.hi + A_HI * this.lo + carry;
    this.lo = low - carry * TWO_24;
    this.hi = high % TWO_24;
    return this.hi * 128 + Math.floor(this.lo / 131_072);
  }
}

/**
 * A Lua number as C's `(int)` of Lua 5.1's `lua_Integer` takes it (`luaL_checkint`): truncated
 * to 64 bits (what x86 makes of NaN and of what does not fit: the lowest 64-bit integer), then
 * its low 32 bits, signed. So `math.random(2^31)` is an empty interval there, as on Redis.
 */
export function luaCheckInt(n: number): number {
  if (!Number.isFinite(n) || Math.abs(n) >= 2 ** 63) return 0;
  return Number(BigInt.asIntN(32, BigInt(Math.trunc(n))));
}
