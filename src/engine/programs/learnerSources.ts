import type { WritePolicy } from './catalog';

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
