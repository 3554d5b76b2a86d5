import type { InvalidationSource } from '../changeFeed';
import { READ_MITIGATIONS, WRITE_POLICIES, type ReadMitigation, type WritePolicy } from './catalog';
import type { LearnerPath } from './learner';
import { PATTERN_INFO, writesUpdateOnly, type Pattern } from './patterns';

/**
 * The programs a learner starts from, in the form their code runs in the sandbox: each `yield`
 * is one step (a Redis command or a SQL statement), the same steps the engine's own programs
 * take (readCacheAside.ts, writePaths.ts).
 */

/** The cache-aside read path (readCacheAside.ts), as a learner edits it. */
export const READ_STARTER = `// The cache-aside read path. Each yield is one step: a Redis command or a SQL statement.
// Helpers: redis(...argv), selectUser(id), updateUser(id, changes), sleep(ms), cacheKey(id), expiry(ctx).
// ctx: ttlSeconds, leaseMs, retryDelayMs, maxRetries, token (unique per run). Runs in strict mode.
function* read(id, ctx) {
  const key = cacheKey(id);
  const cached = yield redis('GET', key);
  if (cached !== null) return cached; // a hit: the row as JSON
  const row = yield selectUser(id); // a miss: ask the database
  if (row === null) return null; // no such user
  yield redis('SET', key, JSON.stringify(row), ...expiry(ctx));
  return row;
}
`;

const WRITE_HEADER = `// The write path. Each yield is one step: a Redis command or a SQL statement.
// Helpers: redis(...argv), selectUser(id), updateUser(id, changes), sleep(ms), cacheKey(id), expiry(ctx).
`;

/** Each write policy's program (writePaths.ts), as a learner edits it. */
export const WRITE_STARTERS: Record<WritePolicy, string> = {
  invalidate: `${WRITE_HEADER}function* write(id, changes, ctx) {
  yield updateUser(id, changes); // UPDATE users SET ... WHERE id = ?
  yield redis('DEL', cacheKey(id)); // the next read refills
}
`,
  'update-cache': `${WRITE_HEADER}function* write(id, changes, ctx) {
  const row = yield updateUser(id, changes);
  if (row === null) return;
  yield redis('SET', cacheKey(id), JSON.stringify(row), ...expiry(ctx));
}
`,
  'ttl-only': `${WRITE_HEADER}function* write(id, changes, ctx) {
  yield updateUser(id, changes); // nothing else: the cache catches up when the entry expires
}
`,
  'delete-first': `${WRITE_HEADER}function* write(id, changes, ctx) {
  yield redis('DEL', cacheKey(id));
  yield updateUser(id, changes);
}
`,
  'double-delete': `${WRITE_HEADER}function* write(id, changes, ctx) {
  yield redis('DEL', cacheKey(id));
  yield updateUser(id, changes);
  yield sleep(ctx.doubleDeleteDelayMs);
  yield redis('DEL', cacheKey(id));
}
`,
};

const HELPERS = `// Helpers: redis(...argv), selectUser(id), updateUser(id, changes), sleep(ms), cacheKey(id), expiry(ctx).
`;
const CTX = `// ctx: ttlSeconds, leaseMs, retryDelayMs, maxRetries, token (unique per run). Runs in strict mode.
`;
/** How a starter writes a Lua script: over lines, sent as the one line ours sends (same text). */
const ONE_LINE = `// A Lua script is written over lines here and sent as the one line ours sends, the same text.
const oneLine = (lua) => lua.trim().replace(/\\s+/g, ' ');
`;
const RELEASE_IF_HELD = `// Frees the lease or lock only while it still holds our token (not another reader's).
const RELEASE_IF_HELD = oneLine(\`
  if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('DEL', KEYS[1])
  else
    return 0
  end
\`);
`;
const FILL_IF_LEASE_HOLDS = `// Stores the row only while our lease still holds (a writer's DEL removes it), then frees it.
const FILL_IF_LEASE_HOLDS = oneLine(\`
  if redis.call('GET', KEYS[2]) == ARGV[1] then
    redis.call('SET', KEYS[1], ARGV[2], unpack(ARGV, 3));
    redis.call('DEL', KEYS[2]);
    return 1
  end
  return 0
\`);
`;
const FILL_IF_NEWER = `// Stores the row only over an older version (a copy or a writer's tombstone), or a tombstone of
// its own version: a row read before a write can never replace what that write left.
const FILL_IF_NEWER = oneLine(\`
  local cur = redis.call('GET', KEYS[1])
  if cur then
    local v = tonumber(string.match(cur, '"version":(%d+)'))
    local n = tonumber(ARGV[2])
    if v and (v > n or (v == n and string.sub(cur, 1, 17) ~= '{"tombstone":true')) then
      return 0
    end
  end
  redis.call('SET', KEYS[1], ARGV[1], unpack(ARGV, 3))
  return 1
\`);
`;
const INVALIDATE_IF_OLDER = `// Puts a tombstone of the written version in the key, unless it holds that version or a newer
// one: a writer that finishes after a newer one must not lower its tombstone.
const INVALIDATE_IF_OLDER = oneLine(\`
  local cur = redis.call('GET', KEYS[1])
  if cur then
    local v = tonumber(string.match(cur, '"version":(%d+)'))
    if v and v >= tonumber(ARGV[1]) then
      return 0
    end
  end
  redis.call('SET', KEYS[1], '{"tombstone":true,"version":' .. ARGV[1] .. '}', unpack(ARGV, 2))
  return 1
\`);
`;

/** The read path under each mitigation, as a learner edits it (early-refresh: see below). */
const READ_STARTERS: Record<ReadMitigation, string> = {
  none: READ_STARTER,
  lease: `// Our read path with leases (readWithLease.ts). Each yield is one step: a Redis command or a SQL statement.
${HELPERS}${CTX}${ONE_LINE}${FILL_IF_LEASE_HOLDS}${RELEASE_IF_HELD}function* read(id, ctx) {
  const key = cacheKey(id);
  const leaseKey = 'lease:' + key;
  for (let attempt = 0; ; attempt++) {
    const cached = yield redis('GET', key);
    if (cached !== null) return cached; // a hit: the row as JSON
    // A miss: take the lease. One reader holds it, and only it asks the database.
    const granted = yield redis('SET', leaseKey, ctx.token, 'NX', 'PX', ctx.leaseMs);
    if (granted === 'OK') {
      const row = yield selectUser(id);
      if (row === null) {
        yield redis('EVAL', RELEASE_IF_HELD, 1, leaseKey, ctx.token); // nothing to fill
        return null;
      }
      const json = JSON.stringify(row);
      yield redis('EVAL', FILL_IF_LEASE_HOLDS, 2, key, leaseKey, ctx.token, json, ...expiry(ctx));
      return row;
    }
    // Another reader holds the lease: wait for its fill and look again, or give up waiting.
    if (attempt >= ctx.maxRetries) return yield selectUser(id);
    yield sleep(ctx.retryDelayMs);
  }
}
`,
  'versioned-fill': `// Our read path with versioned fills (readVersionedFill.ts). Each yield is one step: a Redis command or a SQL statement.
${HELPERS}${CTX}${ONE_LINE}${FILL_IF_NEWER}function* read(id, ctx) {
  const key = cacheKey(id);
  const cached = yield redis('GET', key);
  // A writer's tombstone ({"tombstone":true,"version":n}) counts as a miss.
  if (cached !== null && !cached.startsWith('{"tombstone":true')) return cached;
  const row = yield selectUser(id); // a miss: ask the database
  if (row === null) return null; // no such user
  const json = JSON.stringify(row);
  yield redis('EVAL', FILL_IF_NEWER, 1, key, json, row.version, ...expiry(ctx));
  return row;
}
`,
  'single-flight': `// Our read path with single flight (readSingleFlight.ts). Each yield is one step: a Redis command or a SQL statement.
${HELPERS}${CTX}${ONE_LINE}${RELEASE_IF_HELD}function* read(id, ctx) {
  const key = cacheKey(id);
  const lockKey = 'lock:' + key;
  for (let attempt = 0; ; attempt++) {
    const cached = yield redis('GET', key);
    if (cached !== null) return cached; // a hit: the row as JSON
    // A miss: take the lock. One reader refills; the others wait and read what it filled.
    const locked = yield redis('SET', lockKey, ctx.token, 'NX', 'PX', ctx.leaseMs);
    if (locked === 'OK') {
      const row = yield selectUser(id);
      if (row !== null) yield redis('SET', key, JSON.stringify(row), ...expiry(ctx));
      yield redis('EVAL', RELEASE_IF_HELD, 1, lockKey, ctx.token);
      return row;
    }
    if (attempt >= ctx.maxRetries) return yield selectUser(id); // waited long enough
    yield sleep(ctx.retryDelayMs);
  }
}
`,
  // Ours draws from the run's seeded coin on a hit (XFetch), which your code has no way to do:
  // the editor starts from plain cache-aside, and says so (see `starterIsOurs`).
  'early-refresh': READ_STARTER,
};

/** Whether the read editor's starter under this mitigation is ours, step for step. */
export const isReadStarterOurs = (mitigation: ReadMitigation): boolean =>
  mitigation !== 'early-refresh';

/** Our read path under a read mitigation, as the read editor starts from it. */
export const readStarter = (mitigation: ReadMitigation): string => READ_STARTERS[mitigation];

/** How a write path invalidates under a read mitigation (invalidation.ts), as a learner writes it. */
function invalidationOf(mitigation: ReadMitigation): { scripts: string; lines: string } {
  if (mitigation === 'lease')
    return {
      scripts: '',
      lines: `  // With leases, delete any reader's lease too: a fill that read the old row is refused.
  yield redis('DEL', cacheKey(id), 'lease:' + cacheKey(id));
`,
    };
  if (mitigation === 'versioned-fill')
    return {
      scripts: `${ONE_LINE}${INVALIDATE_IF_OLDER}`,
      lines: `  // With versioned fills, leave a tombstone of the new version: no older row can come back.
  if (row === null) yield redis('DEL', cacheKey(id)); // no such user: nothing to version
  else yield redis('EVAL', INVALIDATE_IF_OLDER, 1, cacheKey(id), row.version, ...expiry(ctx));
`,
    };
  return { scripts: '', lines: `  yield redis('DEL', cacheKey(id)); // the next read refills\n` };
}

const MITIGATION_WORDS: Record<ReadMitigation, string> = {
  none: '',
  lease: ', with leases',
  'versioned-fill': ', with versioned fills',
  'single-flight': '',
  'early-refresh': '',
};

/** Our write path under a write policy and a read mitigation, as the write editor starts from it. */
export function writeStarter(policy: WritePolicy, mitigation: ReadMitigation): string {
  const invalidation = invalidationOf(mitigation);
  const header = (file: string, scripts = '') =>
    `// Our ${policy} write path${MITIGATION_WORDS[mitigation]} (${file}). Each yield is one step: a Redis command or a SQL statement.
${HELPERS}${scripts}`;
  switch (policy) {
    case 'invalidate':
      if (mitigation !== 'lease' && mitigation !== 'versioned-fill') break;
      return `${header('writePaths.ts, invalidation.ts', invalidation.scripts)}function* write(id, changes, ctx) {
  const row = yield updateUser(id, changes); // UPDATE users SET ... WHERE id = ?
${invalidation.lines}}
`;
    case 'update-cache':
      if (mitigation !== 'versioned-fill') break;
      return `${header('writePaths.ts', `${ONE_LINE}${FILL_IF_NEWER}`)}function* write(id, changes, ctx) {
  const row = yield updateUser(id, changes);
  if (row === null) return;
  // Stored as a reader's fill is, only over an older version: a late writer cannot put its older row back.
  const json = JSON.stringify(row);
  yield redis('EVAL', FILL_IF_NEWER, 1, cacheKey(id), json, row.version, ...expiry(ctx));
}
`;
    case 'double-delete':
      if (mitigation !== 'lease' && mitigation !== 'versioned-fill') break;
      return `${header('writePaths.ts, invalidation.ts', invalidation.scripts)}function* write(id, changes, ctx) {
  yield redis('DEL', cacheKey(id));
  const row = yield updateUser(id, changes);
  yield sleep(ctx.doubleDeleteDelayMs);
${invalidation.lines}}
`;
    default:
      break;
  }
  return WRITE_STARTERS[policy];
}

const UPDATE_ONLY = `// Our write path when the change log invalidates (changeCapture.ts). Each yield is one step: a Redis command or a SQL statement.
${HELPERS}function* write(id, changes, ctx) {
  yield updateUser(id, changes); // nothing else: the change log's consumer invalidates the key
}
`;

/** The settings that choose our programs (as `Runtime.start` picks them). */
export interface StarterSettings {
  pattern: Pattern;
  invalidation: InvalidationSource;
  writePolicy: WritePolicy;
  readMitigation: ReadMitigation;
}

/**
 * The program an editor starts from under these settings, and whether it is ours step for step
 * (an unedited Run then sends the commands ours sends). Not ours: early refresh's read (it draws
 * from the run's seeded coin, which a learner's code cannot), and another pattern's read, or
 * write-through's and write-behind's write, which the cache layer runs, not the application:
 * the editor then starts from cache-aside's.
 */
export function starterOf(
  path: LearnerPath,
  { pattern, invalidation, writePolicy, readMitigation }: StarterSettings,
): { source: string; isOurs: boolean } {
  if (path === 'read') {
    if (pattern !== 'cache-aside') return { source: READ_STARTER, isOurs: false };
    return { source: readStarter(readMitigation), isOurs: isReadStarterOurs(readMitigation) };
  }
  if (writesUpdateOnly(pattern, invalidation)) return { source: UPDATE_ONLY, isOurs: true };
  if (!PATTERN_INFO[pattern].usesPolicies)
    return { source: WRITE_STARTERS[writePolicy], isOurs: false };
  // As `effectiveMitigation`: another pattern's write takes no part in cache-aside's mitigation.
  const mitigation = pattern === 'cache-aside' ? readMitigation : 'none';
  return { source: writeStarter(writePolicy, mitigation), isOurs: true };
}

/** Every source an editor can start from: one of these in an editor is ours, unedited. */
export const STARTERS: ReadonlySet<string> = new Set([
  ...Object.values(READ_STARTERS),
  ...WRITE_POLICIES.flatMap((policy) => READ_MITIGATIONS.map((m) => writeStarter(policy, m))),
  UPDATE_ONLY,
]);

/** A fix for the stale-set race that changes only the read path: check after the fill. */
export const READ_RECHECK_FIX = `function* read(id, ctx) {
  const key = cacheKey(id);
  const cached = yield redis('GET', key);
  if (cached !== null) return cached;
  const row = yield selectUser(id);
  if (row === null) return null;
  yield redis('SET', key, JSON.stringify(row), ...expiry(ctx));
  // A write may have committed between our SELECT and our SET: look again,
  // and take back a fill that is already out of date.
  const now = yield selectUser(id);
  if (now === null || now.version !== row.version) yield redis('DEL', key);
  return row;
}
`;

/**
 * The WATCH "fix" learners try for the stale set, which does not stop it: GET misses, WATCH the
 * key, SELECT, then MULTI, SET (queued) and EXEC. A writer's DEL of the missing key modifies
 * nothing, so EXEC answers OK and fills the old row; a WATCH of a key that is there aborts.
 * `isHitReturned` false: it refreshes the copy on every read (so it WATCHes a key that is there
 * when one is cached). It fails, saying what it got, when a reply is not the client's.
 */
export const readWatchAttempt = (isHitReturned = true): string =>
  [
    'function* read(id, ctx) {',
    '  const key = cacheKey(id);',
    "  const cached = yield redis('GET', key);",
    isHitReturned ? '  if (cached !== null) return cached;' : '',
    "  yield redis('WATCH', key);",
    '  const row = yield selectUser(id);',
    '  if (row === null) return null;',
    "  yield redis('MULTI');",
    "  const queued = yield redis('SET', key, JSON.stringify(row), ...expiry(ctx));",
    "  if (queued !== 'QUEUED') throw new Error('SET answered ' + queued);",
    "  const replies = yield redis('EXEC');",
    "  if (replies !== null && replies[0] !== 'OK') throw new Error('EXEC answered ' + JSON.stringify(replies));",
    '  return row;',
    '}',
  ].join('\n');

/** A fix for the stampede: one reader takes a lock and refills, the others wait and retry. */
export const READ_LOCK_FIX = `function* read(id, ctx) {
  const key = cacheKey(id);
  const lock = 'lock:' + key;
  for (let attempt = 0; attempt <= ctx.maxRetries; attempt++) {
    const cached = yield redis('GET', key);
    if (cached !== null) return cached;
    const locked = yield redis('SET', lock, ctx.token, 'NX', 'PX', ctx.leaseMs);
    if (locked === 'OK') {
      const row = yield selectUser(id);
      if (row !== null) yield redis('SET', key, JSON.stringify(row), ...expiry(ctx));
      yield redis('DEL', lock);
      return row;
    }
    yield sleep(ctx.retryDelayMs);
  }
  return yield selectUser(id); // waited long enough: ask the database
}
`;
