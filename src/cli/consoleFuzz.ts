// A hostile learner at the Redis console: lines from a small grammar over the console's command
// table (and Redis' other commands), mutated the way people mistype them, typed at the page's
// console (the store's runRedis, as the page calls it) and at the real redis-cli's prompt against
// a redis-server started here; every printed difference is listed. Not part of the suite: run
//   npx tsx src/cli/consoleFuzz.ts [rounds] [seed] [port]
// Each round starts both keyspaces from the same few keys, so a difference stays in its round.
// Replies Redis leaves unordered are compared as sets, TTLs by class, and a SCAN only when both
// finished in one call; what the console refuses is counted, not listed, and a round stops being
// compared after a refused write (Redis ran it). A TTL of a few milliseconds can run out on the
// real server mid-round, whose clock moves, where the console's virtual clock stands still.
// LINES_FILE=path types that file's lines (one round), printing each comparison; QUOTES=1 types
// lines of quotes and escapes only; CONTEXT=1 lists the lines before each difference;
// REFUSALS=1 lists the console's refusals.

import { readFileSync } from 'node:fs';
import '../platform/ioredisMockGlobals';
import type { SqlJsStatic } from 'sql.js';
import { Rng } from '../engine/rng';
import { parseCommandLine } from '../engine/redisCli';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { DEFAULT_SANDBOX_CONFIG } from '../store/sandboxConfig';
import { createSandboxStore } from '../store/sandboxStore';
import { lineFor } from './consoleFuzzLines';
import { redisCliPrints, redisCliPrintsEach, RespClient, startRedisServerOn } from './redisServer';

const ROUNDS = Number(process.argv[2] ?? 200);
const SEED = Number(process.argv[3] ?? 1);
const PORT = Number(process.argv[4] ?? 16610);
const LINES_A_ROUND = 25;

const SETUP = [
  'SET k v',
  'SET n 10',
  'SET f 1.5',
  'SET e ""',
  'SET t v EX 100000',
  'HSET h f1 v1 f2 2 f3 ""',
  'RPUSH l a b c 1 2',
  'SADD s x y 1',
  'SADD si 3 1 2',
];

/**
 * Lines this script does not type: ones that would leave redis-cli's prompt or change its state
 * (quit, a subscribe, SYNC, MONITOR, RESP3, another database, a reply mode), block, or change the
 * real server's configuration. A HELLO is typed unless its protocol word could read as 3.
 */
function isUnsafe(line: string): boolean {
  const parsed = parseCommandLine(line);
  if (!('argv' in parsed) || parsed.argv.length === 0) return true;
  let argv = parsed.argv.map((w) => w.split('\0')[0]);
  if (/^[+-]?\d+$/.test(argv[0]) && argv.length > 1) argv = argv.slice(1);
  const [name, sub = ''] = argv.map((w) => w.toUpperCase());
  if (/^(QUIT|EXIT|HELP|\?|CLEAR|CONNECT|RESTART|MONITOR|SYNC|PSYNC|SHUTDOWN|RESET)$/.test(name))
    return true;
  if (name === 'HELLO' && (Number(sub.trim()) === 3 || /3/.test(sub))) return true;
  if (/SUBSCRIBE$/.test(name) || /^(REPLICAOF|SLAVEOF|FAILOVER|MIGRATE|INFO|TIME)$/.test(name))
    return true;
  if (name === 'SELECT' && /^\d+$/.test(sub) && Number(sub) !== 0) return true;
  if (name === 'CLIENT' && /^(PAUSE|KILL|REPLY|UNPAUSE)$/.test(sub)) return true;
  if (name === 'CONFIG' && sub === 'SET' && argv.length > 2) return true;
  if (name === 'ACL' && /^(SETUSER|DELUSER|LOAD|SAVE)$/.test(sub)) return true;
  if (name === 'WAIT' && /^\d+$/.test(sub) && Number(sub) > 0) return true;
  if (name === 'DEBUG' || (name === 'SCRIPT' && sub === 'DEBUG')) return true;
  if (
    /^(BLPOP|BRPOP|BLMOVE|BRPOPLPUSH|BZPOPMIN|BZPOPMAX|BLMPOP|BZMPOP|WAITAOF|SAVE|BGSAVE|BGREWRITEAOF)$/.test(
      name,
    )
  )
    return true;
  if (/^XREAD/.test(name) && argv.some((w) => w.toUpperCase() === 'BLOCK')) return true;
  if (name === 'CLIENT' && sub === 'TRACKING') return true;
  if (name === 'MODULE' && /^LOAD/.test(sub)) return true;
  if (name === 'FUNCTION' && sub === 'RESTORE') return true;
  return false;
}

/** A line's words, without a repeat count before the command (`2 GET k`). */
function wordsOf(line: string): string[] {
  const parsed = parseCommandLine(line);
  const argv = 'argv' in parsed ? parsed.argv : [];
  return argv.length > 1 && /^\s*[+-]?\d+$/.test(argv[0]) ? argv.slice(1) : argv;
}

const commandName = (line: string): string => (wordsOf(line)[0] ?? '').toUpperCase();

/** A SCAN's batch, which differs from Redis' (the README says so): not compared. */
const PARTIAL_SCAN = 'a SCAN from a made-up cursor, or one that stopped partway';

/** Printed text reduced to what two servers with different clocks and hash seeds must share. */
function normalise(line: string, text: string): string {
  const argv = wordsOf(line);
  const name = commandName(line);
  // HELLO's version and connection id are each server's own (the parity test compares the ids).
  if (name === 'HELLO' && !text.startsWith('(error)')) {
    const lines = text.split('\n');
    return lines
      .map((l, i) =>
        /\) "(version|id)"$/.test(lines[i - 1] ?? '') ? l.replace(/\) .*$/, ') X') : l,
      )
      .join('\n');
  }
  if (/^P?(TTL|EXPIRETIME)$/.test(name)) return text.replace(/^\(integer\) \d+$/gm, '(integer) T');
  if (
    /^(KEYS|SMEMBERS|HGETALL|HKEYS|HVALS|SINTER|SUNION|SDIFF|SCAN|CONFIG)$/.test(name) &&
    !text.startsWith('(error)')
  ) {
    const items = text
      .split('\n')
      .map((l) => l.replace(/^(\s*\d+\) )+/, ''))
      .filter((l) => l !== '');
    if (name === 'HGETALL' || name === 'CONFIG') {
      const pairs: string[] = [];
      for (let i = 0; i < items.length; i += 2) pairs.push(`${items[i]} ${items[i + 1]}`);
      return pairs.sort().join('\n');
    }
    // A made-up cursor starts partway, at another place than in Redis (the README says so).
    if (name === 'SCAN' && argv[1] !== '0') return PARTIAL_SCAN;
    // Batches differ (the README says so): only a whole iteration in one call is compared.
    if (name === 'SCAN' && items[0] !== '"0"') return PARTIAL_SCAN;
    if (name === 'SCAN') return items.slice(1).sort().join('\n');
    return items.sort().join('\n');
  }
  return text;
}

/**
 * EXEC's printed array reduced as {@link normalise} reduces each queued command's reply on its
 * own (`queued`, in order): a SCAN, KEYS or SMEMBERS in a transaction is compared as it is
 * outside one. Before, EXEC's text was compared whole, so such a queue was always listed as a
 * difference, its hash order and SCAN's batches being Redis' own.
 */
function normaliseExec(queued: readonly string[], text: string): string {
  const lines = text.split('\n');
  const first = /^( *)\d+\) /.exec(lines[0]);
  if (first === null) return text;
  // redis-cli pads the numbers of an array to the widest one's width; what is nested is
  // indented by that width, so a line indented less starts another element.
  const width = first[0].length;
  const items: string[][] = [];
  for (const line of lines) {
    const label = /^( *)\d+\) /.exec(line);
    if (label !== null && label[1].length < width - 2) items.push([line.slice(width)]);
    else items[items.length - 1]?.push(line.slice(width));
  }
  if (items.length !== queued.length) return text;
  return items.map((item, i) => normalise(queued[i], item.join('\n'))).join('\n--\n');
}

/** Commands that change the keyspace, as the server says (its ACL category @write). */
async function writeCommands(port: number): Promise<Set<string>> {
  const out = redisCliPrints(port, 'COMMAND LIST FILTERBY ACLCAT write');
  return new Set(
    out
      .split('\n')
      .map((l) =>
        l
          .replace(/^\s*\d+\) "?/, '')
          .replace(/"$/, '')
          .toUpperCase(),
      )
      .filter((l) => l !== ''),
  );
}

/** The lines redis-cli answered QUEUED to since the last MULTI before line `at`. */
function queuedBefore(all: readonly string[], theirs: readonly string[], at: number): string[] {
  const queued: string[] = [];
  for (let i = at - 1; i >= 0 && commandName(all[i]) !== 'MULTI'; i--)
    if (theirs[i] === 'QUEUED') queued.unshift(all[i]);
  return queued;
}

async function main(): Promise<void> {
  const real = await startRedisServerOn(PORT);
  if (!real) throw new Error(`port ${PORT} is taken`);
  try {
    await fuzz(real.port);
  } finally {
    await real.stop();
  }
}

async function fuzz(port: number): Promise<void> {
  const real = { client: await RespClient.connect(port) };
  const SQL: SqlJsStatic = await loadSqlJsNode();
  const writes = await writeCommands(PORT);
  const rng = new Rng(SEED);
  const differences = new Map<string, string[]>();
  let typed = 0;
  let compared = 0;
  let refusedWhereRedisRan = 0;
  let afterRefusal = 0;
  const seenRefusals = new Set<string>();
  const orderOnly = new Set<string>();
  let store = createSandboxStore();
  const freshStore = async () => {
    store = createSandboxStore();
    await store
      .getState()
      .start(SQL, { scenarioId: null, config: DEFAULT_SANDBOX_CONFIG, inputs: [] });
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 20 === 0) await freshStore();
      await real.client.call(['FLUSHALL']);
      await store.getState().runRedis('FLUSHALL');
      const lines: string[] = [];
      if (process.env.LINES_FILE)
        lines.push(
          ...readFileSync(process.env.LINES_FILE, 'utf8')
            .split('\n')
            .filter((l) => l !== ''),
        );
      while (lines.length < (process.env.LINES_FILE ? 0 : LINES_A_ROUND)) {
        const line = lineFor(rng);
        if (!isUnsafe(line)) lines.push(line);
      }
      const all = [...SETUP, ...lines, 'DISCARD', 'UNWATCH', 'KEYS *'];
      typed += lines.length;
      const ours: string[] = [];
      for (const line of all) ours.push((await store.getState().runRedis(line)).text);
      let theirs: string[];
      try {
        theirs = redisCliPrintsEach(PORT, all);
      } catch (e) {
        console.log(
          `round ${round}: redis-cli transcript could not be split (${String(e)}); lines:`,
        );
        console.log(all.map((l) => JSON.stringify(l)).join('\n'));
        continue;
      }
      let diverged = false;
      for (let i = 0; i < all.length; i++) {
        const line = all[i];
        const queued = commandName(line) === 'EXEC' ? queuedBefore(all, theirs, i) : undefined;
        const reduce = (text: string) =>
          queued === undefined ? normalise(line, text) : normaliseExec(queued, text);
        let [a, b] = ours[i] === theirs[i] ? ['', ''] : [reduce(ours[i]), reduce(theirs[i])];
        if (a === PARTIAL_SCAN || b === PARTIAL_SCAN) [a, b] = ['', ''];
        if (
          a === b &&
          ours[i] !== theirs[i] &&
          /^(\d+ )?(HGETALL|HKEYS|HVALS|SMEMBERS|SINTER|SUNION|SDIFF) /i.test(line)
        )
          orderOnly.add(
            `${line}\n  redis-cli: ${JSON.stringify(theirs[i])}\n  console:   ${JSON.stringify(ours[i])}`,
          );
        compared++;
        if (process.env.LINES_FILE)
          console.log(
            `${a === b ? '  ' : '!='} ${line}\n     ${JSON.stringify(theirs[i])}${a === b ? '' : `\n     ${JSON.stringify(ours[i])}`}`,
          );
        if (a === b) continue;
        const isRefusal = /this console|in-browser|not supported/.test(ours[i]);
        if (isRefusal) {
          seenRefusals.add(ours[i].split('\n')[0].slice(0, 100));
          const name = commandName(line);
          if (!theirs[i].startsWith('(error)')) refusedWhereRedisRan++;
          if (writes.has(name) || name === 'SWAPDB' || name === 'MOVE' || name === 'COPY')
            diverged = true;
          continue;
        }
        if (diverged) {
          afterRefusal++;
          continue;
        }
        const key = `${line}\n  redis-cli: ${JSON.stringify(theirs[i])}\n  console:   ${JSON.stringify(ours[i])}`;
        const context = all.slice(SETUP.length, i).map((l) => `    ${JSON.stringify(l)}`);
        if (!differences.has(key)) differences.set(key, context);
      }
    }
  } finally {
    real.client.close();
  }
  console.log(
    `typed ${typed} fuzzed lines (${compared} with setup), ${refusedWhereRedisRan} refusals where Redis answered, ` +
      `${afterRefusal} lines skipped after a refused write, ${differences.size} distinct differences`,
  );
  for (const [key, context] of differences) {
    console.log(`\n${key}`);
    if (process.env.CONTEXT) console.log(`  after:\n${context.join('\n')}`);
  }
  if (orderOnly.size > 0)
    console.log(`\nin another order (${orderOnly.size}):\n${[...orderOnly].join('\n')}`);
  if (process.env.REFUSALS) console.log([...seenRefusals].join('\n'));
}

void main();
