import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock';
import { Database } from './database';
import { loadSqlJsNode } from './testSim';

async function makeDb(rows = 50) {
  const clock = new VirtualClock();
  const db = new Database(await loadSqlJsNode(), clock, { rows });
  return { clock, db };
}

const schemaOf = (db: Database) =>
  db.execute('t', 'SELECT type, name, sql FROM sqlite_master ORDER BY name').rows;

const ENDLESS =
  'SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c)';

describe('a line may leave nothing the page cannot bound for its own reads and writes', () => {
  // Each finishes at once on the trial copy (and ran a write of user 1 after it there): what
  // hung the page for good was a later Step's write of another user, or a later version.
  it.each([
    [
      'a trigger on users that loops for another row only',
      `CREATE TRIGGER t AFTER UPDATE ON users WHEN NEW.id = 2 BEGIN ${ENDLESS}; END`,
      'the trigger t (on users) holds a query (SELECT)',
    ],
    [
      'a trigger on users that loops from the 4th version on',
      `CREATE TRIGGER t AFTER UPDATE ON users WHEN NEW.version > 3 BEGIN ${ENDLESS}; END`,
      'the trigger t (on users) holds a query (SELECT)',
    ],
    [
      'a trigger whose WHEN holds the query',
      'CREATE TRIGGER t AFTER UPDATE ON users WHEN (SELECT count(*) FROM users a, users b) > 0 BEGIN SELECT 1; END',
      'the trigger t (on users) holds a query (SELECT)',
    ],
    [
      'a trigger on the change log the page writes at every write',
      `CREATE TRIGGER t AFTER INSERT ON changes WHEN NEW.user_id = 2 BEGIN ${ENDLESS}; END`,
      'the trigger t (on changes) holds a query',
    ],
    [
      'an UPDATE ... FROM join in a trigger',
      "CREATE TRIGGER t AFTER UPDATE ON users WHEN NEW.id = 2 BEGIN UPDATE users SET plan = 'x' FROM users a, users b WHERE users.id = 3; END",
      'holds a query (FROM)',
    ],
    [
      'a trigger on a table a trigger on users writes',
      'CREATE TABLE audit (id); CREATE TRIGGER a AFTER UPDATE ON users BEGIN INSERT INTO audit VALUES (NEW.id); END; ' +
        `CREATE TRIGGER b AFTER INSERT ON audit WHEN NEW.id = 2 BEGIN ${ENDLESS}; END`,
      'the trigger b (on audit) holds a query',
    ],
    [
      'a view named users slow only while a version is past 3',
      `ALTER TABLE users RENAME TO people; CREATE VIEW users AS SELECT * FROM people WHERE version < 3 OR (${ENDLESS}) > 0`,
      'the view users holds a query',
    ],
    [
      'a view named users over a join (its cost grows with each table)',
      'ALTER TABLE users RENAME TO people; CREATE VIEW users AS SELECT p.* FROM people p, changes a, changes b',
      'the view users holds a query (a list of tables in FROM)',
    ],
    [
      'a generated column that makes gigabytes from the 3rd version on',
      "ALTER TABLE users ADD COLUMN g AS (CASE WHEN version > 2 THEN length(printf('%.*c', 900000000, 'x')) END)",
      'the table users (its CHECK constraints, defaults and generated columns) calls printf()',
    ],
    [
      'an index on an expression that makes gigabytes for user 2',
      'CREATE INDEX i ON users (CASE WHEN id = 2 THEN length(zeroblob(900000000)) END)',
      'the index i (on users) calls zeroblob()',
    ],
    [
      'a trigger that trims a long name by a long set of characters (quadratic)',
      "CREATE TRIGGER t BEFORE UPDATE ON users WHEN NEW.id = 2 AND trim(NEW.name, NEW.email) = 'x' BEGIN SELECT RAISE(IGNORE); END",
      'the trigger t (on users) calls trim() with a second argument',
    ],
    [
      'a CHECK that unhexes a value skipping a long set of characters',
      "ALTER TABLE users ADD COLUMN k TEXT CHECK (unhex(k, name) IS NOT NULL OR rtrim (name , email) <> '')",
      'calls unhex() with a second argument',
    ],
    [
      'a trigger that compares a value with a pattern read from another value',
      'CREATE TRIGGER t BEFORE UPDATE ON users WHEN NEW.name LIKE NEW.email BEGIN SELECT RAISE(IGNORE); END',
      'the trigger t (on users) calls the operator LIKE with a pattern other than one string of at most 32 characters',
    ],
    [
      'a CHECK whose pattern joins a value to a string',
      "ALTER TABLE users ADD COLUMN k TEXT CHECK (k IS NULL OR k GLOB '*' || email)",
      'calls the operator GLOB with a pattern other than one string',
    ],
    [
      'a CHECK whose pattern is a string longer than 32 characters',
      `ALTER TABLE users ADD COLUMN k TEXT CHECK (name NOT LIKE '${'%a'.repeat(16)}b')`,
      'calls the operator LIKE with a pattern other than one string',
    ],
    [
      'a trigger that doubles a value at every write',
      'CREATE TRIGGER t AFTER UPDATE OF plan ON users BEGIN UPDATE users SET name = NEW.name || NEW.name WHERE id = NEW.id; END',
      'the trigger t (on users) joins values (||)',
    ],
    [
      'two triggers that set each other off, once per row',
      "CREATE TRIGGER a AFTER UPDATE ON users WHEN NEW.id = 2 BEGIN UPDATE users SET plan = 'a'; END; " +
        "CREATE TRIGGER b AFTER UPDATE ON users WHEN NEW.id = 2 BEGIN UPDATE users SET plan = 'b'; END",
      'the triggers a and b each write a table that has triggers',
    ],
    [
      "a trigger that writes every row of a table whose own trigger reads another's every row",
      'CREATE TABLE u (x); CREATE TABLE t (x); ' +
        'CREATE TRIGGER l AFTER UPDATE ON users WHEN NEW.id = 2 BEGIN UPDATE t SET x = x; END; ' +
        'CREATE TRIGGER m AFTER UPDATE ON t BEGIN DELETE FROM u WHERE x = -NEW.x; END',
      'the trigger l writes t, which has the trigger m',
    ],
    [
      'a trigger on a table named end that a trigger on users writes',
      'CREATE TABLE "end" (id); CREATE TRIGGER a AFTER UPDATE ON users BEGIN INSERT INTO end VALUES (NEW.id); END; ' +
        `CREATE TRIGGER b AFTER INSERT ON "end" WHEN NEW.id = 2 BEGIN ${ENDLESS}; END`,
      'the trigger b (on end) holds a query',
    ],
    [
      'a trigger that sets itself off, recursive_triggers on',
      "PRAGMA recursive_triggers = 1; CREATE TRIGGER a AFTER UPDATE ON users WHEN NEW.id = 2 BEGIN UPDATE users SET plan = 'a'; END",
      'the trigger a writes a table that has triggers, and recursive_triggers is on',
    ],
  ])('%s is refused, saying why, and nothing of the line is kept', async (_, sql, why) => {
    const { db } = await makeDb();
    const before = schemaOf(db);
    expect(() => db.execute('console', sql)).toThrow(why);
    expect(() => db.execute('console', sql)).toThrow('Nothing of the line was kept');
    expect(schemaOf(db)).toEqual(before);
    expect(db.execute('t', 'PRAGMA recursive_triggers').rows).toEqual([[0]]);
    // The page's writes of user 2, four times over, all finish.
    for (let i = 0; i < 4; i++)
      expect(db.updateUser('A', 2, { plan: `p${i}` })?.version).toBe(i + 2);
  });

  it('recursive_triggers switched on later, beside such a trigger, is refused too', async () => {
    const { db } = await makeDb();
    db.execute(
      'console',
      "CREATE TRIGGER a AFTER UPDATE ON users WHEN NEW.id = 2 BEGIN UPDATE users SET plan = 'a' WHERE id = 3; END",
    );
    expect(() => db.execute('console', 'PRAGMA recursive_triggers = 1')).toThrow(
      'recursive_triggers is on',
    );
    expect(db.execute('t', 'PRAGMA recursive_triggers').rows).toEqual([[0]]);
  });

  it.each([
    ['an index on a column', 'CREATE INDEX by_plan ON users (plan)'],
    ['a column', "ALTER TABLE users ADD COLUMN note TEXT DEFAULT ''"],
    [
      'a trigger that checks an email against a pattern written as a string',
      "CREATE TRIGGER email_ok BEFORE UPDATE ON users WHEN NEW.email NOT LIKE '%@%' BEGIN SELECT RAISE(ABORT, 'an email needs an @'); END",
    ],
    [
      'a CHECK with LIKE, and one with GLOB, on a new column',
      "ALTER TABLE users ADD COLUMN phone TEXT CHECK (phone LIKE '+%' ESCAPE '\\'); ALTER TABLE users ADD COLUMN code TEXT CHECK (code GLOB '[A-Z][A-Z]*' OR code IS NULL)",
    ],
    [
      'a trigger that trims a name (one argument: linear)',
      'CREATE TRIGGER tidy AFTER UPDATE OF name ON users WHEN NEW.name <> trim(NEW.name) BEGIN UPDATE users SET name = ltrim(rtrim(NEW.name)) WHERE id = NEW.id; END',
    ],
    [
      'an audit trigger',
      'CREATE TABLE audit (user_id, at DEFAULT CURRENT_TIMESTAMP); CREATE TRIGGER stamp AFTER UPDATE ON users WHEN NEW.version <> OLD.version BEGIN INSERT INTO audit (user_id) VALUES (NEW.id); END',
    ],
    [
      'a trigger that refuses a write',
      "CREATE TRIGGER no_renames BEFORE UPDATE OF name ON users BEGIN SELECT RAISE(ABORT, 'names are frozen'); END",
    ],
    [
      'a trigger that writes another user',
      "CREATE TRIGGER t AFTER UPDATE ON users WHEN NEW.id = 1 BEGIN UPDATE users SET plan = 'team' WHERE id = 2; END",
    ],
    [
      'the version trigger replaced',
      "DROP TRIGGER users_version; CREATE TRIGGER users_version AFTER UPDATE ON users BEGIN UPDATE users SET plan = 'team', version = version + 1 WHERE id = 2 AND NEW.id = 1; END",
    ],
    [
      'users made a view of one table, written through INSTEAD OF',
      'ALTER TABLE users RENAME TO people; CREATE VIEW users AS SELECT * FROM people; ' +
        'CREATE TRIGGER users_write INSTEAD OF UPDATE ON users BEGIN UPDATE people SET plan = NEW.plan WHERE id = OLD.id; END',
    ],
    [
      'a query of any kind in the console itself',
      "SELECT count(*) FROM users a, users b WHERE a.name LIKE '%a%' AND printf('%d', a.id) <> ''",
    ],
    [
      'a trigger with a query on a table the page never writes',
      `CREATE TABLE t (x); CREATE TRIGGER slow AFTER INSERT ON t BEGIN ${ENDLESS.replace('FROM c)', 'FROM c WHERE x < 3)')}; END`,
    ],
    [
      'a trigger with a query on a table named end, which the page never writes (every trigger ends with END)',
      `CREATE TABLE "end" (x); CREATE TRIGGER slow AFTER INSERT ON "end" BEGIN ${ENDLESS.replace('FROM c)', 'FROM c WHERE x < 3)')}; END`,
    ],
  ])('%s still runs', async (_, sql) => {
    const { db } = await makeDb();
    expect(() => db.execute('console', sql)).not.toThrow();
  });
});
