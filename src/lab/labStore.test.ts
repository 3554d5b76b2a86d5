import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKLOAD, type Fault } from '../engine/workload';
import { draftFromConfig, queryToInput } from './labConfig';
import { flush, setup } from './fakeLabRunner';

it('an import with a bad setting changes nothing but the notice', () => {
  const { store } = setup();
  const draft = store.getState().draft;
  expect(store.getState().configImported('bad.json', '{"ttl": -1}')).toBe(false);
  expect(store.getState().draft).toBe(draft);
  expect(store.getState().notice?.tone).toBe('error');
  expect(store.getState().configImported('ok.json', '{"ttl": 3}')).toBe(true);
  expect(store.getState().draft.ttl).toBe('3');
});

const fault: Fault = { kind: 'cache-down', startSeconds: 5, durationSeconds: 3 };

it('an import sets the settings the file names and keeps every control it does not name', () => {
  const { store } = setup();
  store.getState().fieldEdited('keys', '50');
  store.getState().fieldEdited('zipf', 'abc');
  store.getState().faultScheduled(fault);
  // Read as every default, `{"ttl": 3}` put keys back to 1000 and dropped the fault unsaid.
  expect(store.getState().configImported('ttl.json', '{"ttl": 3, "writePolicy": "ttl-only"}')).toBe(
    true,
  );
  expect(store.getState().draft).toMatchObject({
    ttl: '3',
    writePolicy: 'ttl-only',
    keys: '50',
    zipf: 'abc',
    faults: [fault],
  });
  expect(store.getState().notice).toEqual({
    tone: 'info',
    text: 'Imported ttl.json: it sets TTL and Write policy; the other controls are as they were. Press Run to run it.',
  });
  // A file that names a fault list replaces the schedule, an empty one included.
  expect(store.getState().configImported('none.json', '{"faults": []}')).toBe(true);
  expect(store.getState().draft.faults).toEqual([]);
  expect(store.getState().draft.keys).toBe('50');
  // An export names every setting: the controls are the file's.
  const all = JSON.stringify({ ...DEFAULT_WORKLOAD, keys: 9 });
  expect(store.getState().configImported('all.json', all)).toBe(true);
  expect(store.getState().draft).toEqual(draftFromConfig({ ...DEFAULT_WORKLOAD, keys: 9 }));
  expect(store.getState().notice?.text).toBe('Imported all.json. Press Run to run it.');
});

it('an import of a file that names no setting is refused and changes nothing', () => {
  const { store } = setup();
  store.getState().fieldEdited('ttl', '7');
  const draft = store.getState().draft;
  expect(store.getState().configImported('empty.json', '{}')).toBe(false);
  expect(store.getState().draft).toBe(draft);
  expect(store.getState().notice).toEqual({
    tone: 'error',
    text: 'Could not import empty.json: the file names no setting: a settings file names what it sets, like {"ttl": 60}. Nothing was changed.',
  });
});

it('an import with many bad faults lists the first five, counts the rest, and changes nothing', () => {
  const { store } = setup();
  store.getState().fieldEdited('ttl', '7');
  const draft = store.getState().draft;
  const faults = Array.from({ length: 100 }, (_, i) => ({
    kind: 'cache-down',
    startSeconds: -i - 1,
    durationSeconds: 5,
  }));
  expect(store.getState().configImported('many.json', JSON.stringify({ faults }))).toBe(false);
  const listed = [1, 2, 3, 4, 5].map(
    (n) => `faults[${n - 1}].startSeconds must be a number from 0 to 86,400, got -${n}`,
  );
  expect(store.getState().notice).toEqual({
    tone: 'error',
    text: `Could not import many.json: ${listed.join('; ')}; and 95 more. Nothing was changed.`,
  });
  expect(store.getState().draft).toBe(draft);
});

describe('the field errors on the controls', () => {
  const refusedRun = async () => {
    const fixture = setup();
    fixture.store.getState().fieldEdited('keys', '0');
    fixture.store.getState().fieldEdited('zipf', '9');
    await fixture.store.getState().runRequested();
    expect(fixture.store.getState().errors.map((e) => e.field)).toEqual(['keys', 'zipf']);
    return fixture;
  };

  it('stay under a failed import, whose problems are in its notice: the controls still hold them', async () => {
    const { store } = await refusedRun();
    expect(store.getState().configImported('bad.json', '{"ttl": -1}')).toBe(false);
    expect(store.getState().errors.map((e) => e.field)).toEqual(['keys', 'zipf']);
    expect(store.getState().notice).toEqual({
      tone: 'error',
      text: 'Could not import bad.json: ttl must be a number from 0 to 31,536,000 s, in steps of 0.001, got -1. Nothing was changed.',
    });
  });

  it('stay under a sweep refused for its TTLs: the controls still hold the values refused', async () => {
    const { store } = await refusedRun();
    await store.getState().sweepRequested('abc');
    expect(store.getState().notice?.text).toMatch(/^Sweep refused: TTL "abc"/);
    expect(store.getState().errors.map((e) => e.field)).toEqual(['keys', 'zipf']);
  });

  it('keep the TTL field marked through a sweep, which replaces it, while it holds "abc"', async () => {
    const { store, runs } = setup();
    store.getState().fieldEdited('ttl', 'abc');
    await store.getState().runRequested();
    const mark = store.getState().errors;
    expect(mark.map((e) => e.field)).toEqual(['ttl']);
    const sweep = store.getState().sweepRequested('10, 20');
    await flush();
    expect(store.getState().progress).toMatchObject({ job: 'sweep' });
    expect(store.getState().errors).toEqual(mark);
    runs[0].finish();
    await flush();
    runs[1].finish();
    await sweep;
    expect(store.getState().notice?.text).toBe('Sweep finished: 2 TTLs.');
    expect(store.getState().errors).toEqual(mark);
    // Another field refused by a sweep is marked beside it.
    store.getState().fieldEdited('keys', '0');
    await store.getState().sweepRequested('10, 20');
    expect(store.getState().errors.map((e) => e.field)).toEqual(['keys', 'ttl']);
  });

  it('stay on a control edited to another bad value, saying it, and go once it is valid', async () => {
    const { store } = await refusedRun();
    store.getState().fieldEdited('zipf', '8');
    expect(store.getState().errors.map((e) => [e.field, e.text])).toEqual([
      ['keys', expect.stringContaining('got "0"')],
      ['zipf', expect.stringContaining('got "8"')],
    ]);
    store.getState().fieldEdited('zipf', '1');
    expect(store.getState().errors.map((e) => e.field)).toEqual(['keys']);
    store.getState().fieldEdited('keys', '10');
    expect(store.getState().errors).toEqual([]);
  });

  it('leave a control once it is changed: its value is no longer the one refused', async () => {
    const { store } = await refusedRun();
    store.getState().fieldEdited('keys', '10');
    expect(store.getState().errors.map((e) => e.field)).toEqual(['zipf']);
    // The alert still says what the Run refused, and lists it.
    expect(store.getState().notice?.text).toMatch(/^Run refused: 2 settings are out of range/);
    expect(store.getState().notice?.refusals?.map((e) => e.field)).toEqual(['keys', 'zipf']);
  });

  it('are not set by settings from a link: the controls do not hold them, the alert lists them', () => {
    const { store } = setup();
    expect(store.getState().settingsLoaded({ ttl: '-1' }, 'the link')).toBeNull();
    expect(store.getState().errors).toEqual([]);
    expect(store.getState().draft.ttl).toBe('60');
    expect(store.getState().notice?.refusals?.map((e) => e.text)).toEqual([
      'ttl must be a number from 0 to 31,536,000 s, in steps of 0.001, got "-1"',
    ]);
    // The alert says which value is in use: until 2026-12-07 it left the 60 in the field unsaid.
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: one setting is out of range. The controls keep what they held: ttl 60. Nothing has run yet.',
    );
  });
});

describe('refused settings', () => {
  it('says a setting is unknown, not out of range, and that nothing ran when nothing has', () => {
    const { store } = setup();
    expect(store.getState().settingsLoaded({ foo: '1', ttl: '30' }, 'the link')).toBeNull();
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: one setting is unknown. Nothing has run yet.',
    );
  });

  it('says a link whose faults are no list (faults=garbage) is not a fault list, with the form, not out of range', () => {
    const { store } = setup();
    const input = queryToInput('#/lab?faults=garbage&ttl=-1');
    expect(store.getState().settingsLoaded(input, 'the link')).toBeNull();
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: faults must be a list of faults, written as JSON (for example [{"kind":"cache-down","startSeconds":5,"durationSeconds":3}]), got "garbage" and one setting is out of range. The controls keep what they held: ttl 60. Nothing has run yet.',
    );
  });

  it('says a fault with a field its kind does not take is so, not that it is out of range', () => {
    const { store } = setup();
    const fault = { kind: 'db-slow', startSeconds: 5, durationSeconds: 3, factr: 50 };
    expect(store.getState().settingsLoaded({ faults: [fault] }, 'the link')).toBeNull();
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: one fault has a field its kind does not take. Nothing has run yet.',
    );
    expect(store.getState().notice?.refusals?.map((e) => e.text)).toEqual([
      expect.stringContaining('factr is not a field of a fault'),
    ]);
  });

  it('refuses a file whose cache-down fault has a factor, naming it, and changes no setting', () => {
    const { store } = setup();
    expect(store.getState().configImported('ok.json', '{"ttl": 3, "requests": 700}')).toBe(true);
    const before = store.getState().draft;
    const file = JSON.stringify({
      ttl: 9,
      faults: [{ kind: 'cache-down', startSeconds: 5, durationSeconds: 3, factor: 50 }],
    });
    expect(store.getState().configImported('faults.json', file)).toBe(false);
    expect(store.getState().notice?.text).toBe(
      'Could not import faults.json: faults[0].factor is not a field of a cache-down fault (a cache-down fault has kind, startSeconds, durationSeconds; only db-slow has a factor), got 50. Nothing was changed.',
    );
    expect(store.getState().draft).toBe(before);
  });

  it('counts unknown settings apart from those out of range, and keeps the last run on screen', async () => {
    const { store, runs } = setup();
    const done = store.getState().runRequested();
    runs[0].finish();
    await done;
    store.getState().settingsLoaded({ foo: '1', bar: '2', ttl: '-1' }, 'the link');
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: 2 settings are unknown and one setting is out of range. The controls keep what they held: ttl 60. The last run stays on screen.',
    );
  });

  it.each([
    [[1, 2], '[1,2]'],
    [42, '42'],
    ['ttl=30', '"ttl=30"'],
  ])(
    'says settings that are not an object (%j) must be one, not that a setting is out of range',
    (settings, shown) => {
      const { store } = setup();
      expect(store.getState().settingsLoaded(settings, 'the link')).toBeNull();
      expect(store.getState().notice?.text).toBe(
        `Settings from the link refused: the settings must be an object, like { ttl: 30, requests: 2000 }, got ${shown}. Nothing has run yet.`,
      );
    },
  );

  it('says a value that is no number ("1 000", "0x10") is not a number, not that it is out of range', async () => {
    const { store, runs } = setup();
    store.getState().fieldEdited('requests', '1 000');
    expect(await store.getState().runRequested()).toBe(
      'Run refused: one setting is not a number. Nothing has run yet.',
    );
    store.getState().fieldEdited('keys', '0x10');
    store.getState().fieldEdited('zipf', '9');
    expect(await store.getState().runRequested()).toBe(
      'Run refused: 2 settings are not numbers and one setting is out of range. Nothing has run yet.',
    );
    expect(runs).toHaveLength(0);
  });

  it('says "1.000" in a whole-number setting is ambiguous, not out of range', async () => {
    const { store, runs } = setup();
    store.getState().fieldEdited('requests', '1.000');
    expect(await store.getState().runRequested()).toBe(
      'Run refused: one setting is written ambiguously. Nothing has run yet.',
    );
    expect(store.getState().notice?.refusals?.map((e) => e.text)).toEqual([
      'Requests must be a whole number from 1 to 10,000,000, written without a point and three digits after it: "1.000" reads as 1; for 1,000, write 1000 or 1,000',
    ]);
    expect(runs).toHaveLength(0);
  });

  it('says a value left out is missing, not out of range', () => {
    const { store } = setup();
    const faults = [{ kind: 'cache-down', startSeconds: 12 }];
    expect(store.getState().settingsLoaded({ faults, ttl: '-1' }, 'the link')).toBeNull();
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: one value is missing and one setting is out of range. The controls keep what they held: ttl 60. Nothing has run yet.',
    );
    expect(store.getState().notice?.refusals?.map((e) => e.text)).toContain(
      'faults[0].durationSeconds is missing: it must be a number above 0 and at most 86,400 (a fault that lasts 0 s does nothing)',
    );
  });

  it('counts faults out of range as faults, not as settings, however many values each has', () => {
    const { store } = setup();
    const faults = Array.from({ length: 100 }, (_, i) => ({
      kind: 'cache-down',
      startSeconds: -i - 1,
      durationSeconds: i === 0 ? -5 : 5,
    }));
    expect(store.getState().settingsLoaded({ faults }, 'the link')).toBeNull();
    expect(store.getState().notice?.refusals).toHaveLength(101);
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: 100 faults are out of range. Nothing has run yet.',
    );
    store
      .getState()
      .settingsLoaded({ faults: faults.slice(0, 1), ttl: '-1', keys: '0' }, 'the link');
    expect(store.getState().notice?.text).toBe(
      'Settings from the link refused: 2 settings and one fault are out of range. The controls keep what they held: keys 1000, ttl 60. Nothing has run yet.',
    );
  });

  it('says a field left empty is missing, and runs nothing', async () => {
    const { store, runs } = setup();
    store.getState().fieldEdited('ttl', ' ');
    await store.getState().runRequested();
    expect(runs).toHaveLength(0);
    expect(store.getState().notice?.text).toBe(
      'Run refused: one value is missing. Nothing has run yet.',
    );
    expect(store.getState().errors.map((e) => e.text)).toEqual([
      'TTL is missing: it must be a number from 0 to 31,536,000 s, in steps of 0.001',
    ]);
  });
});

it.each(['cache-down', 'db-slow'])(
  'an imported %s fault lasting 1e9 s is refused once, by its field and range, and changes nothing',
  (kind) => {
    const { store } = setup();
    store.getState().fieldEdited('ttl', '7');
    const draft = store.getState().draft;
    const file = JSON.stringify({ faults: [{ kind, startSeconds: 30, durationSeconds: 1e9 }] });
    expect(store.getState().configImported('long.json', file)).toBe(false);
    expect(store.getState().notice).toEqual({
      tone: 'error',
      text: 'Could not import long.json: faults[0].durationSeconds must be a number above 0 and at most 86,400 (a fault that lasts 0 s does nothing), got 1000000000. Nothing was changed.',
    });
    expect(store.getState().draft).toBe(draft);
  },
);
