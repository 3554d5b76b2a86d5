// LCS as Redis 7.0 runs it (t_string.c `lcsCommand`): the longest common subsequence of two
// strings' bytes, by the same table and the same walk back through it, so that when several
// subsequences are longest the one Redis answers is the one answered here, and IDX lists the
// same ranges in the same order.

import type { RedisReply } from './redisCli';
import {
  error,
  lookupRead,
  NOT_AN_INTEGER,
  ofType,
  optionWord,
  out,
  parseInt64,
  SYNTAX_ERROR,
  type CommandContext,
  type CommandOutcome,
} from './redisCommandKit';

/** Redis' proto-max-bulk-len (512 MB), which LCS's table of 32-bit lengths may not exceed. */
const PROTO_MAX_BULK_LEN = 512 * 1024 * 1024;
/**
 * The largest table (cells) the console fills: 4 Mi cells, 16 MB, a few tens of milliseconds.
 * Redis goes to 128 Mi cells, which would hold the page for seconds and half a gigabyte.
 */
export const MAX_LCS_CELLS = 4 * 1024 * 1024;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const group = (n: number) => n.toLocaleString('en-US');

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the subsequence, its length, or
 * (IDX) the matching ranges from the ends of the strings back and the length. Both keys are
 * looked up first (a missing key is the empty string), then the options are read, as in Redis.
 */
export function lcs(ctx: CommandContext, argv: string[]): CommandOutcome {
  const first = ofType<string>(lookupRead(ctx, argv[1]), 'string');
  const second = ofType<string>(lookupRead(ctx, argv[2]), 'string');
  if (typeof first === 'object' || typeof second === 'object')
    return out(error('ERR The specified keys must contain string values'));
  let isIdx = false;
  let isLen = false;
  let withMatchLen = false;
  let minMatchLen = 0n;
  for (let j = 3; j < argv.length; j++) {
    const opt = optionWord(argv[j]);
    if (opt === 'IDX') isIdx = true;
    else if (opt === 'LEN') isLen = true;
    else if (opt === 'WITHMATCHLEN') withMatchLen = true;
    else if (opt === 'MINMATCHLEN' && j < argv.length - 1) {
      const n = parseInt64(argv[++j]);
      if (n === null) return out(error(NOT_AN_INTEGER));
      minMatchLen = n < 0n ? 0n : n;
    } else return out(error(SYNTAX_ERROR));
  }
  if (isIdx && isLen)
    return out(error('ERR If you want both the length and indexes, please just use IDX.'));
  const a = utf8Encoder.encode(first ?? '');
  const b = utf8Encoder.encode(second ?? '');
  const cells = (a.length + 1) * (b.length + 1);
  if (cells * 4 > PROTO_MAX_BULK_LEN)
    return out(
      error('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len'),
    );
  if (cells > MAX_LCS_CELLS)
    return out(
      error(
        `ERR LCS of strings this long is not supported in this console: its table would hold ${group(a.length + 1)} x ${group(b.length + 1)} cells, more than the ${group(MAX_LCS_CELLS)} the page fills without freezing (Redis fills up to 134,217,728); compare shorter strings`,
      ),
    );
  const table = lcsTable(a, b);
  const at = (i: number, j: number) => table[j + i * (b.length + 1)];
  const length = at(a.length, b.length);
  if (isLen) return out(length);

  // Redis' walk from the ends back: a match extends the current range or starts one; a step
  // away from the diagonal, or a match at either string's first byte, emits the range.
  const result = new Uint8Array(length);
  const matches: RedisReply[] = [];
  let idx = length;
  let i = a.length;
  let j = b.length;
  let aStart = a.length;
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  while (i > 0 && j > 0) {
    let isEmitting = false;
    if (a[i - 1] === b[j - 1]) {
      result[idx - 1] = a[i - 1];
      if (aStart === a.length) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else isEmitting = true;
      if (aStart === 0 || bStart === 0) isEmitting = true;
      idx--;
      i--;
      j--;
    } else {
      if (at(i - 1, j) > at(i, j - 1)) i--;
      else j--;
      if (aStart !== a.length) isEmitting = true;
    }
    const matchLen = aEnd - aStart + 1;
    if (isEmitting) {
      if (minMatchLen === 0n || BigInt(matchLen) >= minMatchLen)
        matches.push([[aStart, aEnd], [bStart, bEnd], ...(withMatchLen ? [matchLen] : [])]);
      aStart = a.length;
    }
  }
  // RESP2 sends IDX's map as a flat array of its two pairs.
  if (isIdx) return out(['matches', matches, 'len', length]);
  try {
    return out(utf8Decoder.decode(result));
  } catch {
    return out(
      error(
        `ERR this console stores text: the longest common subsequence of '${argv[1]}' and '${argv[2]}' holds part of a character (Redis would answer those bytes); LCS ... LEN and LCS ... IDX answer`,
      ),
    );
  }
}

/** `table[j + i * (b.length + 1)]`: the LCS length of a's first i bytes and b's first j. */
function lcsTable(a: Uint8Array, b: Uint8Array): Uint32Array {
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      table[j + i * width] =
        a[i - 1] === b[j - 1]
          ? table[j - 1 + (i - 1) * width] + 1
          : Math.max(table[j + (i - 1) * width], table[j - 1 + i * width]);
  return table;
}
