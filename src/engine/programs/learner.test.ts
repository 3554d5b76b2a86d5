import { describe, expect, it } from 'vitest';
import { loadQuickJsNode } from '../../platform/quickjsNode';
import { compileLearnerProgram } from '../../platform/quickjsSandbox';
import { loadSqlJsNode } from '../../platform/sqlJsNode';
import { SCRIPT_TOO_LONG } from '../luaBudget';
import { Simulation } from '../simulation';
import { learnerReadProgram, MAX_LEARNER_STEPS } from './learner';
import { READ_STARTER } from './learnerSources';

async function simWithRead(source: string): Promise<Simulation> {
  const compiled = compileLearnerProgram(await loadQuickJsNode(), 'read', source);
  if (!compiled.ok) throw new Error(compiled.error);
  return Simulation.create(await loadSqlJsNode(), {
    actors: ['A'],
    rows: 10,
    programs: { read: learnerReadProgram(compiled.program.runner) },
  });
}

async function runRead(sim: Simulation, id = 1) {
  await sim.dispatch({ type: 'read', actor: 'A', id });
  while (sim.readyActors().length > 0) await sim.dispatch({ type: 'stepActor', actor: 'A' });
  return sim.snapshot();
}

/**
 * Runs a read path that sends each command in turn (each a JavaScript expression of an argv) and
 * keeps what each answered, or the message of the error it threw.
 */
async function answersTo(argvs: string[]) {
  const snap = await runRead(
    await simWithRead(
      [
        'function* ask(argv) {',
        '  try {',
        '    return yield redis(...argv);',
        '  } catch (e) {',
        '    return e.message;',
        '  }',
        '}',
        'function* read(id) {',
        '  const answers = [];',
        ...argvs.map((argv) => `  answers.push(yield* ask(${argv}));`),
        "  yield redis('SET', 'answers', JSON.stringify(answers));",
        '  return yield selectUser(id);',
        '}',
      ].join('\n'),
    ),
  );
  const answers = snap.cache.find((e) => e.key === 'answers');
  return { snap, answers: JSON.parse(String(answers?.value)) as unknown[] };
}

describe('a learner read path in the simulation', () => {
  it('takes the same steps as ours: GET, SELECT, SET ... EX, each labelled with its line', async () => {
    const snap = await runRead(await simWithRead(READ_STARTER));
    expect(snap.events.map((e) => e.command)).toEqual([
      'GET user:1',
      'SELECT * FROM users WHERE id = 1',
      expect.stringMatching(/^SET user:1 .* EX 3600$/),
    ]);
    expect(snap.events.map((e) => e.label)).toEqual(['line 6', 'line 8', 'line 10']);
    expect(snap.results[0]).toMatchObject({ kind: 'read', version: 1, isHit: false });
    expect(snap.cache.map((e) => e.key)).toEqual(['user:1']);
  });

  it('refuses an updateUser of a value over 1 MiB, saying so, and the row keeps its name', async () => {
    // Before, a 2 MB name was written, and the code's own read path could not cache the row.
    const sim = await simWithRead(
      "function* read(id) {\n  yield updateUser(id, { name: 'x'.repeat(2e6) });\n  return yield selectUser(id);\n}",
    );
    const snap = await runRead(sim);
    expect(snap.results[0].error).toBe(
      'Your read path failed: line 2: updateUser: name is 2,000,000 characters, larger than 1,048,576 bytes (1 MiB), the most a value from your code may be; nothing was written',
    );
    expect(snap.db.find((r) => r.id === 1)).toMatchObject({ name: 'Grace Lovelace', version: 1 });
    const fits = await simWithRead(
      "function* read(id) {\n  yield updateUser(id, { name: 'x'.repeat(1000) });\n  return yield selectUser(id);\n}",
    );
    expect((await runRead(fits)).db.find((r) => r.id === 1)?.name).toHaveLength(1000);
  });

  it('fails a yield of something that is not a step at its line, and the code panel marks it', async () => {
    const snap = await runRead(
      await simWithRead('function* read(id) {\n  const key = cacheKey(id);\n  yield 5;\n}'),
    );
    expect(snap.results[0].error).toBe(
      'Your read path failed: line 3: yielded 5; a program may only yield redis(...), selectUser(id), updateUser(id, changes) or sleep(ms)',
    );
    expect(snap.events.map((e) => e.label)).toEqual(['line 3']);
  });

  it('says a yielded Promise is one, not an empty object', async () => {
    // Before: "yielded {}", which told an async mistake nothing.
    const snap = await runRead(
      await simWithRead(
        'async function get(id) {\n  return 1;\n}\nfunction* read(id) {\n  yield get(id);\n}',
      ),
    );
    expect(snap.results[0].error).toBe(
      'Your read path failed: line 5: yielded a Promise (your code runs no async code here: no async, await or .then); a program may only yield redis(...), selectUser(id), updateUser(id, changes) or sleep(ms)',
    );
  });

  it('says a yielded thenable is one (a promise is not a step), not an empty object', async () => {
    // Before: "yielded {}", as if nothing had been yielded.
    const snap = await runRead(
      await simWithRead(
        'function* read(id) {\n  const key = cacheKey(id);\n  yield { then() {} };\n}',
      ),
    );
    expect(snap.results[0].error).toBe(
      'Your read path failed: line 3: yielded a thenable, an object with a then method as a promise has (a promise is not a step: your code runs no async code here, no async, await or .then); a program may only yield redis(...), selectUser(id), updateUser(id, changes) or sleep(ms)',
    );
  });

  it("gets Redis 7's refusal for a malformed command, thrown at its yield, where ioredis-mock would answer", async () => {
    const { snap, answers } = await answersTo([
      "['GET']",
      "['EXPIRE', cacheKey(id), 'abc']",
      "['SET', cacheKey(id)]",
    ]);
    expect(snap.results[0].error).toBeUndefined();
    expect(answers).toEqual([
      "ERR wrong number of arguments for 'get' command",
      'ERR value is not an integer or out of range',
      "ERR wrong number of arguments for 'set' command",
    ]);
    // Each reached the server and is logged with its error; the key was never touched.
    expect(snap.stats.cacheErrors).toBe(3);
    expect(snap.cache.some((e) => e.key === 'user:1')).toBe(false);
  });

  it('is told that SCRIPT LOAD is not run here and how EVAL loads a script for EVALSHA instead', async () => {
    const sha = '1fa00e76656cc152ad327c13fe365858fd7be306'; // SHA1 of "return 42"
    const { snap, answers } = await answersTo([
      "['SCRIPT', 'LOAD', 'return 42']",
      `['EVALSHA', '${sha}', 0]`,
      "['EVAL', 'return 42', 0]",
      `['EVALSHA', '${sha}', 0]`,
      "['script', 'exists', '" + sha + "']",
      "['SCRIPT', 'LOAD']",
    ]);
    expect(snap.results[0].error).toBeUndefined();
    const refused = (words: string) =>
      `ERR ${words} is not supported in this sandbox: Redis keeps each script EVAL runs for EVALSHA by the SHA1 of its text, as SCRIPT LOAD would (until it restarts), so send the script once with EVAL`;
    expect(answers).toEqual([
      refused('SCRIPT LOAD'),
      // As Redis answers: nothing loaded it.
      'NOSCRIPT No matching script. Please use EVAL.',
      42,
      // The EVAL loaded it, as the refusal says.
      42,
      refused('SCRIPT EXISTS'),
      // Redis' own arity check comes first.
      "ERR wrong number of arguments for 'script|load' command",
    ]);
  });

  it('answers as Redis 7 where ioredis-mock is lenient, and refuses what the sandbox does not run', async () => {
    const { snap, answers } = await answersTo([
      "['set', 'k', 'v', 'ex', 60]",
      "['PTTL', 'k']",
      "['INCR', 'k']",
      "['HSET', 'k', 'f', 'v']",
      "['ZADD', 'z', 1, 'm']",
      "['SPOP', 'k']",
      "['CLIENT', 'ID']",
      "['ZADD', 'z']",
      "['CONFIG', 'GET', 'maxmemory-policy']",
      "['FROB', 'k']",
      "['SELECT', 1]",
      "['HSET', 'h', 'a', '1', 'b', '2']",
      "['HGETALL', 'h']",
      "['UNLINK', 'k', 'h', 'nothing']",
      "['unsubscribe', 'a', 'b']",
    ]);
    expect(snap.results[0].error).toBeUndefined();
    expect(answers).toEqual([
      // ioredis-mock ignored `ex` in lower case (no TTL, -1) and answered INCR with NaN.
      'OK',
      60_000,
      'ERR value is not an integer or out of range',
      'WRONGTYPE Operation against a key holding the wrong kind of value',
      "ERR ZADD is not supported in this sandbox: your code may send the commands the Redis console's HELP lists, and EVAL or EVALSHA",
      "ERR SPOP is not supported in this sandbox: your code may send the commands the Redis console's HELP lists, and EVAL or EVALSHA",
      // A subcommand is refused as its command is; words Redis would not run get Redis' error.
      "ERR CLIENT is not supported in this sandbox: your code may send the commands the Redis console's HELP lists, and EVAL or EVALSHA",
      "ERR wrong number of arguments for 'zadd' command",
      // The page's eviction policy, under Redis' name for it.
      ['maxmemory-policy', 'noeviction'],
      "ERR unknown command 'FROB', with args beginning with: 'k' ",
      // SELECT runs (HELP lists it): only another database is refused.
      // Your code is told of the sandbox, not of a console it did not type in.
      'ERR SELECT of another database is not supported in this sandbox: it has one database, db0',
      2,
      { a: '1', b: '2' },
      2,
      // Redis sends a reply for each channel: no one answer is the truth.
      'ERR UNSUBSCRIBE is not supported in this sandbox: Redis answers it with one reply for each channel, and your code gets one answer a command (the Redis console runs it)',
    ]);
  });

  it('a refusal at run time speaks of the sandbox too, in the answer and in the log', async () => {
    const { snap, answers } = await answersTo([
      "['SET', 'a', 'v']",
      "['COPY', 'a', 'b', 'DB', 1]",
      "['SETRANGE', 'a', 2000000, 'x']",
    ]);
    expect(snap.results[0].error).toBeUndefined();
    expect(answers).toEqual([
      'OK',
      'ERR COPY to another database is not supported in this sandbox: it has one database, db0',
      'ERR string exceeds maximum allowed size (1,048,576 bytes in this sandbox)',
    ]);
    const logged = snap.redisLog.filter((l) => l.error !== undefined).map((l) => l.error);
    expect(logged).toEqual([answers[1], answers[2]]);
  });

  it("converts a script's Lua reply as Redis does: false is nil, true is 1, a number is cut to an integer, a table by its fields or its list", async () => {
    const { snap, answers } = await answersTo([
      `['EVAL', "return redis.call('GET', KEYS[1])", 1, cacheKey(id)]`,
      `['EVAL', 'return false', 0]`,
      `['EVAL', 'return true', 0]`,
      `['EVAL', 'return 3.7', 0]`,
      `['EVAL', 'return -2.9', 0]`,
      `['EVAL', "return {1, false, 'a', {true}}", 0]`,
      `['EVAL', "return {err = 'boom'}", 0]`,
      `['EVAL', "return {ok = 'fine'}", 0]`,
      `['EVAL', 'return {1, 2, nil, 4}', 0]`,
      `['EVAL', 'return {a = 1}', 0]`,
      `['EVAL', "return redis.error_reply('nothing')", 0]`,
      `['EVAL', "return redis.call('TIME')", 0]`,
    ]);
    expect(snap.results[0].error).toBeUndefined();
    expect(answers).toEqual([
      null,
      null,
      1,
      3,
      -2,
      [1, null, 'a', [1]],
      // An error reply is thrown at the yield, as ioredis rejects with it.
      'boom',
      'fine',
      [1, 2],
      [],
      'ERR nothing',
      // The virtual clock (virtual 0 is 2026-01-01), after the 7 commands before, 0.3 ms each.
      ['1767225600', expect.stringMatching(/^\d{1,4}$/)],
    ]);
    // The log shows what the code got: a nil, not "false".
    expect(snap.events[1]).toMatchObject({ command: "EVAL 'return false' 0", reply: '(nil)' });
  });

  it('answers TIME from the virtual clock, the same on every run, and refuses an argument as Redis does', async () => {
    const lines = ["['TIME']", "['TIME', 'now']", "['time']"];
    const { answers } = await answersTo(lines);
    // Virtual 0 is 2026-01-01T00:00:00Z; each command before took its 0.3 ms.
    expect(answers).toEqual([
      ['1767225600', expect.stringMatching(/^\d{1,4}$/)],
      "ERR wrong number of arguments for 'time' command",
      ['1767225600', expect.stringMatching(/^\d{1,4}$/)],
    ]);
    expect((await answersTo(lines)).answers).toEqual(answers);
  });

  it('sends NaN, Infinity and a BigInt as their text, as ioredis does, not as "null or undefined"', async () => {
    const { snap, answers } = await answersTo([
      "['SET', 'n', 0 / 0]",
      "['GET', 'n']",
      "['SET', 'b', 12345678901234567890n]",
      "['GET', 'b']",
      "['EXPIRE', 'n', 1 / 0]",
      "['INCRBY', 'b', -1 / 0]",
    ]);
    expect(snap.results[0].error).toBeUndefined();
    expect(answers).toEqual([
      'OK',
      'NaN',
      'OK',
      '12345678901234567890',
      'ERR value is not an integer or out of range',
      'ERR value is not an integer or out of range',
    ]);
    expect(snap.events[4].command).toBe('EXPIRE n Infinity');
  });

  it("logs HGETALL's reply to code as the fields it holds, not as [object Object]", async () => {
    const { snap } = await answersTo([
      "['HSET', 'h', 'a', '1', 'b', '2']",
      "['HGETALL', 'h']",
      "['HGETALL', 'nothing']",
    ]);
    expect(snap.events.slice(1, 3).map((e) => e.reply)).toEqual(['2 fields', '0 fields']);
  });

  it(`stops a program after ${MAX_LEARNER_STEPS} steps and fails its request with a message`, async () => {
    const snap = await runRead(
      await simWithRead("function* read(id) {\n  for (;;) yield redis('GET', 'x');\n}"),
    );
    expect(snap.events).toHaveLength(MAX_LEARNER_STEPS);
    expect(snap.stats.failedRequests).toBe(1);
    expect(snap.results[0].error).toMatch(/stopped after 200 steps/);
  });

  it('fails a request whose script never ends with the budget’s error; the next read works', async () => {
    const sim = await simWithRead(
      [
        'function* read(id, ctx) {',
        "  if (id === 1) yield redis('EVAL', 'while true do end', 0);",
        '  return yield selectUser(id);',
        '}',
      ].join('\n'),
    );
    const failed = await runRead(sim, 1);
    expect(failed.stats.failedRequests).toBe(1);
    expect(failed.results[0].error).toBe(
      `Your read path failed: line 2: threw: ${SCRIPT_TOO_LONG}`,
    );
    expect(failed.events.at(-1)).toMatchObject({ command: "EVAL 'while true do end' 0" });
    const next = await runRead(sim, 2);
    expect(next.results.at(-1)?.error).toBeUndefined();
    expect(next.stats).toMatchObject({ failedRequests: 1, cacheErrors: 1 });
  });

  it("fails a request that patches a built-in's prototype, naming it; the next read is fresh", async () => {
    const sim = await simWithRead(
      [
        'function* read(id) {',
        '  if (id === 1) Array.prototype.includes = () => true;',
        "  return yield redis('GET', cacheKey(id) + ':' + [1].includes(2));",
        '}',
      ].join('\n'),
    );
    const failed = await runRead(sim, 1);
    expect(failed.results[0].error).toMatch(
      /^Your read path failed: line 2: threw TypeError: Array\.prototype\.includes cannot be changed: the built-ins are frozen/,
    );
    const next = await runRead(sim, 2);
    expect(next.events.at(-1)?.command).toBe('GET user:2:false');
  });

  it("fails a read that returns another user's row, instead of judging it fresh", async () => {
    // A key mixed up: every read fills and serves user 1's copy.
    const sim = await simWithRead(
      [
        'function* read(id) {',
        '  const hit = yield redis("GET", cacheKey(1));',
        '  if (hit !== null) return hit;',
        '  const row = yield selectUser(1);',
        '  yield redis("SET", cacheKey(1), JSON.stringify(row));',
        '  return row;',
        '}',
      ].join('\n'),
    );
    expect((await runRead(sim, 1)).results[0].error).toBeUndefined();
    const wrong = await runRead(sim, 2);
    expect(wrong.results.at(-1)?.error).toBe(
      "Your read path was asked for user 2 and returned user 1's row at line 3: check the key and the id it reads",
    );
    expect(wrong.stats.failedRequests).toBe(1);
  });

  it('names the line of a return whose value is not a user row, a return of a yield too', async () => {
    const cases: [string, number][] = [
      ["function* read(id) {\n  const v = yield redis('GET', cacheKey(id));\n  return 42;\n}", 3],
      [
        "function* read(id) {\n  yield redis('GET', cacheKey(id));\n  return yield redis('PING');\n}",
        3,
      ],
      [
        // The read path's own return, which returned it (until 2026-12-05 the helper's, line 2:
        // the last statement that ran, which a finally after the return took too).
        "function toRow(v) {\n  return [v];\n}\nfunction* read(id) {\n  const v = yield redis('GET', cacheKey(id));\n  return toRow(v);\n}",
        6,
      ],
    ];
    for (const [source, line] of cases)
      expect((await runRead(await simWithRead(source))).results[0].error, source).toBe(
        `Your read path returned something that is not a user row at line ${line}: return the row (or its JSON), or null`,
      );
  });

  it('says a step returned without its yield was never sent, and where it was made', async () => {
    const cases: [string, string][] = [
      [
        "function* read(id) {\n  const key = cacheKey(id);\n  const cached = redis('GET', key);\n  if (cached !== null) return cached;\n  return null;\n}",
        `at line 4: redis("GET", "user:1"), made at line 3`,
      ],
      [
        "function* read(id) {\n  const v = yield redis('GET', cacheKey(id));\n  return selectUser(id);\n}",
        'at line 3: selectUser(1), made at line 3',
      ],
    ];
    for (const [source, where] of cases)
      expect((await runRead(await simWithRead(source))).results[0].error, source).toBe(
        `Your read path returned a command it never sent ${where}, was not yielded. Put yield before it (const cached = yield redis('GET', key)) to send it and get its reply`,
      );
    // An object of the learner's own that only looks like one is no row either, as before.
    const own =
      "function* read(id) {\n  yield redis('GET', cacheKey(id));\n  return { t: 'redis' };\n}";
    expect((await runRead(await simWithRead(own))).results[0].error).toMatch(
      /returned something that is not a user row at line 3/,
    );
  });

  it('names the line of an assignment to a const, where QuickJS names its function’s last statement', async () => {
    const cases: [string, number][] = [
      [
        "function* read(id) {\n  const cached = yield redis('GET', cacheKey(id));\n  cached = 1;\n  return null;\n}",
        3,
      ],
      [
        "function* read(id) {\n  let x = 0;\n  const c = 5;\n  c += 1;\n  x++;\n  yield redis('GET', cacheKey(id));\n  return null;\n}",
        4,
      ],
      [
        'function* read(id) {\n  for (const i of [1, 2]) {\n    i++;\n  }\n  return yield selectUser(id);\n}',
        3,
      ],
      // A frozen object's property: QuickJS names that line itself.
      [
        'function* read(id) {\n  const a = 1;\n  const o = Object.freeze({ a });\n  o.a = 2;\n  return yield selectUser(id);\n}',
        4,
      ],
    ];
    for (const [source, line] of cases)
      expect((await runRead(await simWithRead(source))).results[0].error, source).toMatch(
        new RegExp(`^Your read path failed: line ${line}: threw TypeError: '\\w+' is read-only$`),
      );
  });

  it('fails a request that made a step and never yielded it, at the line it was made', async () => {
    const dropped =
      "function* read(id, ctx) {\n  const key = cacheKey(id);\n  const cached = yield redis('GET', key);\n  if (cached !== null) return cached;\n  const row = yield selectUser(id);\n  redis('SET', key, JSON.stringify(row), ...expiry(ctx));\n  return row;\n}";
    const snap = await runRead(await simWithRead(dropped));
    expect(snap.results[0].error).toBe(
      'Your read path failed: line 6: made redis("SET", "user:1", …) and never yielded it, so it was never sent: put yield before it, as in yield redis("SET", "user:1", …)',
    );
    expect(snap.events.map((e) => e.command)).toEqual([
      'GET user:1',
      'SELECT * FROM users WHERE id = 1',
    ]);
    // A step made in one turn and yielded in a later one, or made at the top level, was sent.
    const later =
      "const PING = redis('PING');\nfunction* read(id) {\n  const get = redis('GET', cacheKey(id));\n  yield PING;\n  yield get;\n  return yield selectUser(id);\n}";
    const ok = await runRead(await simWithRead(later));
    expect(ok.results[0].error).toBeUndefined();
    expect(ok.events.map((e) => e.command)).toEqual([
      'PING',
      'GET user:1',
      'SELECT * FROM users WHERE id = 1',
    ]);
  });

  it('marks the line a read failed at after its last command on that command’s event', async () => {
    const cases: [string, string | undefined][] = [
      // A wrong value returned at line 3, a throw at line 3: the GET's event (line 2) names it.
      ["function* read(id) {\n  yield redis('GET', cacheKey(id));\n  return 42;\n}", 'line 3'],
      [
        "function* read(id) {\n  yield redis('GET', cacheKey(id));\n  throw new Error('no');\n}",
        'line 3',
      ],
      // Failed at the command's own line (return yield ...): nothing else to mark.
      ["function* read(id) {\n  return yield redis('PING');\n}", undefined],
      // A read that did not fail marks nothing else.
      ["function* read(id) {\n  yield redis('GET', cacheKey(id));\n  return null;\n}", undefined],
    ];
    for (const [source, endLabel] of cases) {
      const last = (await runRead(await simWithRead(source))).events.at(-1);
      expect(last?.label, source).toBe('line 2');
      expect(last?.endLabel, source).toBe(endLabel);
    }
  });

  it('reports the version a fill wrote, however it was sent (SETEX here)', async () => {
    const snap = await runRead(
      await simWithRead(
        READ_STARTER.replace(
          "redis('SET', key, JSON.stringify(row), ...expiry(ctx))",
          "redis('setex', key, 60, JSON.stringify(row))",
        ),
      ),
    );
    expect(snap.events.at(-1)?.command).toMatch(/^SETEX user:1 60 /);
    expect(snap.results[0]).toMatchObject({ isHit: false, version: 1, filledVersion: 1 });
  });

  it('fails a read that answers "no such user" for a row the database holds', async () => {
    // Forgets the database on a miss: null for every user not cached.
    const sim = await simWithRead(
      [
        'function* read(id) {',
        '  const hit = yield redis("GET", cacheKey(id));',
        '  return hit;',
        '}',
      ].join('\n'),
    );
    const snap = await runRead(sim, 3);
    const error =
      'Your read path returned null (no such user) for user 3, whose row the database holds (version 1): on a miss, read it with selectUser(id)';
    expect(snap.results[0].error).toBe(error);
    expect(snap.events.at(-1)?.note).toBe(error);
    expect(snap.stats.failedRequests).toBe(1);
    // A user the database does not have is rightly null.
    const none = await runRead(sim, 99);
    expect(none.results.at(-1)?.error).toBeUndefined();
  });

  it('says a read that ends without a return value returned nothing, not "returned null"', async () => {
    // Fills the cache and forgets to return the row.
    const forgot = READ_STARTER.replace('  return row;\n', '');
    expect(forgot).not.toBe(READ_STARTER);
    const snap = await runRead(await simWithRead(forgot), 3);
    expect(snap.results[0].error).toBe(
      'Your read path returned nothing (it ended without a return value, which counts as null: no such user) for user 3, whose row the database holds (version 1): return the row (or its JSON)',
    );
  });

  it('names the argument that is not a string or number, and says to JSON.stringify a row', async () => {
    const objectValue = await runRead(
      await simWithRead(
        'function* read(id) {\n  const row = yield selectUser(id);\n  yield redis("SET", cacheKey(id), row, "EX", 60);\n  return row;\n}',
      ),
    );
    expect(objectValue.results[0].error).toBe(
      'Your read path failed: line 3: redis() arguments must be strings or numbers: argument 3 of SET is an object (send JSON.stringify(value))',
    );
    const flag = await runRead(
      await simWithRead(
        'function* read(id) {\n  yield redis("SET", "k", true);\n  return null;\n}',
      ),
    );
    expect(flag.results[0].error).toBe(
      'Your read path failed: line 2: redis() arguments must be strings or numbers: argument 3 of SET is a boolean (true)',
    );
    const missing = await runRead(
      await simWithRead(
        'function* read(id, ctx) {\n  yield redis("SET", "k", "v", "EX", ctx.ttl);\n  return null;\n}',
      ),
    );
    expect(missing.results[0].error).toBe(
      'Your read path failed: line 2: redis() arguments must be strings or numbers: argument 5 of SET is null or undefined (a misspelt ctx setting?)',
    );
  });

  it('names a symbol or a function given as a Redis argument as such, not as "null or undefined"', async () => {
    // JSON carries both as null, and the message blamed a misspelt ctx setting.
    for (const [arg, said] of [
      ["Symbol('k')", 'a symbol'],
      ['cacheKey', 'a function (call it, and send what it returns)'],
    ] as const) {
      const snap = await runRead(
        await simWithRead(`function* read(id) {\n  yield redis('get', ${arg});\n  return null;\n}`),
      );
      expect(snap.results[0].error).toBe(
        `Your read path failed: line 2: redis() arguments must be strings or numbers: argument 2 of GET is ${said}`,
      );
    }
  });

  it('refuses a yield that is not a step, naming its line, in the step it ends on', async () => {
    const snap = await runRead(await simWithRead('function* read(id) {\n  yield 42;\n}'));
    expect(snap.results[0].error).toMatch(/^Your read path .*yield redis/);
    expect(snap.events.at(-1)?.note).toMatch(/Your read path/);
  });

  it.each([
    ['a yield of something not a step', 'function* read(id) { const x = yield 42; return x; }'],
    ['an async function', 'async function read(id) { return await selectUser(id); }'],
    ['a sleep out of range', 'function* read(id) { yield sleep(-5); }'],
    [
      'a step with a malformed argv',
      "function* read(id) { yield { t: 'redis', argv: 'GET user:1' }; }",
    ],
  ])(
    'tells %s before any command as a failure that sent nothing, not as a wait',
    async (_, src) => {
      const snap = await runRead(await simWithRead(src));
      expect(snap.results[0].error).toMatch(/^Your read path failed: /);
      expect(snap.events).toHaveLength(1);
      expect(snap.events[0]).toMatchObject({
        target: 'wait',
        ends: 'failed',
        command: 'no command (the program failed)',
        reply: 'nothing sent',
        finishes: true,
        note: snap.results[0].error,
      });
      expect(snap.clockMs).toBe(0);
    },
  );

  it('labels a failure before any command with the line it failed at, where the code panel marks it', async () => {
    const sim = await simWithRead(
      "function* read(id) {\n  const key = cacheKey(id);\n  throw new Error('no ' + key);\n}",
    );
    await sim.dispatch({ type: 'read', actor: 'A', id: 1 });
    // Marked before the step, as an actor's next line is.
    expect((await sim.snapshot()).actors[0].pending?.label).toBe('line 3');
    const snap = await runRead(sim);
    expect(snap.events[0]).toMatchObject({ ends: 'failed', label: 'line 3' });
    expect(snap.results[0].error).toBe('Your read path failed: line 3: threw: no user:1');
    // Where no line is known (not a generator at all), the step names none.
    const unknown = await runRead(await simWithRead('function read(id) { return null; }'));
    expect(unknown.events[0]).toMatchObject({ ends: 'failed', label: 'stopped' });
  });

  it('tells a read that returns before any command as returned, not as a wait', async () => {
    const snap = await runRead(await simWithRead('function* read(id) { return null; }'));
    expect(snap.events).toHaveLength(1);
    expect(snap.events[0]).toMatchObject({
      ends: 'returned',
      command: 'no command (the program returned)',
    });
  });

  it('gives a real step no `ends`: only a program that sent nothing has one', async () => {
    const snap = await runRead(
      await simWithRead("function* read(id) { yield redis('GET', 'x'); throw new Error('no'); }"),
    );
    expect(snap.events).toHaveLength(1);
    expect(snap.events[0].command).toBe('GET x');
    expect(snap.events[0]).not.toHaveProperty('ends');
  });

  it('refuses a value over 1 MiB or 10,000 arguments at its yield, in words for code, not the console', async () => {
    const { snap, answers } = await answersTo([
      "['SET', 'big', 'x'.repeat(2e6)]",
      "['SET', 'wide', 'é'.repeat(6e5)]",
      "['DEL', ...Array(20000).fill('k')]",
    ]);
    expect(snap.results[0].error).toBeUndefined();
    expect(answers).toEqual([
      "ERR argument 2 of 'set' is 2,000,000 characters, larger than 1,048,576 bytes (1 MiB), the most a value from your code may be",
      "ERR argument 2 of 'set' is larger than 1,048,576 bytes (1 MiB), the most a value from your code may be",
      "ERR too many arguments for 'del': 20,000; a command from your code may have at most 10,000 arguments a command (split it into several)",
    ]);
    expect(snap.stats.cacheErrors).toBe(3);
  });

  // A script the code sends is the code's command too: what its SET stores is held to the same
  // 1 MiB as the code's own SET (the fengari strings it makes may reach 4 MiB each). The
  // application's own fill scripts are not held to it (largeFillParity.test.ts).
  it("holds a value a script from the code stores to the code's 1 MiB, in the same words", async () => {
    const { snap, answers } = await answersTo([
      `['EVAL', "return redis.call('SET', KEYS[1], string.rep('x', 2 * 1024 * 1024))", '1', 'big']`,
      `['EVAL', "return redis.call('SET', KEYS[1], string.rep('x', 1024 * 1024))", '1', 'fits']`,
    ]);
    expect(answers[0]).toMatch(
      /^ERR argument 2 of 'set' is larger than 1,048,576 bytes \(1 MiB\), the most a value from your code may be, in a script it sends too\b/,
    );
    expect(answers[1]).toBe('OK');
    expect(snap.cache.find((e) => e.key === 'big')).toBeUndefined();
    expect(snap.cache.find((e) => e.key === 'fits')).toBeDefined();
  });
});
