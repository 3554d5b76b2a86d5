import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { heard, listen } from './heard';

/** Every role or attribute that makes an element a live region a screen reader follows. */
const LIVE =
  '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"], [role="marquee"], [role="timer"]';

/**
 * The page's live regions, and each one that sits inside another ("outcome met in narration"):
 * a change inside both is announced by both, so some screen readers say it twice.
 */
const liveRegions = (page: Page) =>
  page.evaluate((selector) => {
    const name = (e: Element) =>
      `${e.tagName.toLowerCase()}${e.getAttribute('data-testid') ? `[${e.getAttribute('data-testid')}]` : ''}${e.getAttribute('aria-label') ? `(${e.getAttribute('aria-label')})` : ''}.${e.className}`;
    const all = [...document.querySelectorAll(selector)];
    return {
      count: all.length,
      nested: all.flatMap((e) => {
        const outer = e.parentElement?.closest(selector);
        return outer ? [`${name(e)} "${e.textContent}" inside ${name(outer)}`] : [];
      }),
    };
  }, LIVE);

test('each announcement comes from one live region: none sits inside another, in the sandbox, presenter mode and quiz mode', async ({
  page,
  sandbox,
  api,
}) => {
  const outcome = page.getByRole('status').filter({ hasText: 'Outcome met' });
  const check = async (state: string) => {
    const { count, nested } = await liveRegions(page);
    expect(count, state).toBeGreaterThan(0);
    expect(nested, state).toEqual([]);
  };
  // A bad link setting: its notice (role="alert") is on screen too.
  await sandbox.open('?ttl=abc');
  await expect(page.getByRole('alert')).toContainText('bad ttl "abc"');
  await check('first screen');
  await api.read('A', 123);
  await sandbox.step();
  await expect(page.getByTestId('narration.step')).toContainText('A sends GET user:123');
  await check('free play, a step told');

  await api.loadScenario('stale-read');
  await sandbox.step(2);
  await check('sandbox, mid-scenario');
  await api.runToEnd();
  await expect(outcome).toBeVisible();
  await check('sandbox, the verdict');
  await sandbox.press('p');
  await expect(page.getByRole('heading', { name: /presenter mode/ })).toBeAttached();
  await expect(outcome).toBeVisible();
  await check('presenter, the verdict');

  // Quiz mode, presenting: a question's verdict (role="status") beside the narration's.
  await api.loadScenario('stale-read');
  await sandbox.press('q');
  await sandbox.step();
  const question = page.getByRole('group', { name: /Step 2: / });
  await question.getByRole('button', { name: 'Stale: older than the row' }).click();
  await expect(page.getByTestId('quiz.verdict')).toBeVisible();
  await check('presenter, quiz verdict');
  await sandbox.press('p');
  await expect(page.getByTestId('quiz.verdict')).toBeVisible();
  await check('sandbox, quiz verdict');
});

/** How the quiz's verdict reaches a screen reader: the region it sits in, and where focus is. */
const verdictPath = (page: Page) =>
  page.getByRole('region', { name: 'Quiz' }).evaluate((panel) => {
    const region = panel.querySelector('[data-testid="quiz.announce"]');
    const verdict = panel.querySelector('[data-testid="quiz.verdict"]');
    // Every live region around the verdict (or, before the answer, in the panel).
    const live = [...panel.querySelectorAll('[aria-live], [role="status"], [role="alert"]')]
      .filter((e) => (verdict ? e.contains(verdict) : true))
      .map((e) => e.getAttribute('aria-live') ?? e.getAttribute('role'));
    return {
      region: region ? `${region.getAttribute('aria-live')} "${region.textContent}"` : null,
      live,
      isFocused: verdict !== null && document.activeElement === verdict,
    };
  });

test("the quiz's verdict is announced once: its region is there, empty, before the answer; a choice pressed moves focus to it, an answer by script fills the region", async ({
  page,
  sandbox,
}) => {
  await sandbox.open('?scenario=stale-read');
  await page.getByRole('checkbox', { name: /Quiz mode/ }).check();
  await sandbox.step();
  const question = page.getByRole('group', { name: /Step 2: / });
  await expect(question).toBeVisible();
  // Before the answer: the region a screen reader follows is already there, and says nothing.
  expect(await verdictPath(page)).toEqual({
    region: 'polite ""',
    live: ['polite'],
    isFocused: false,
  });
  // Pressed (mouse or keyboard), the choice goes: focus moves to the verdict, which reads it,
  // and the region was quiet as it filled, so it is not heard twice ("what a screen reader
  // hears of the quiz's verdict" below counts what is said); once focus is there, the region
  // listens again for the next verdict.
  await question.getByRole('button', { name: 'Stale: older than the row' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('quiz.verdict')).toHaveText(/^Right\./);
  await expect(page.getByTestId('quiz.announce')).toHaveAttribute('aria-live', 'polite');
  expect(await verdictPath(page)).toEqual({
    region: expect.stringMatching(/^polite "Right\./),
    live: ['polite'],
    isFocused: true,
  });
  // Answered by a script (window.cacheAside.quiz.answer), focus stays where it was: the region
  // announces the verdict.
  await expect(page.getByRole('group', { name: /Step 3: / })).toBeVisible();
  await page.getByRole('checkbox', { name: /Quiz mode/ }).focus();
  await page.evaluate(() => window.cacheAside!.quiz!.answer('v1'));
  await expect(page.getByTestId('quiz.verdict')).toHaveText(/^Right\. A returned version 1/);
  expect(await verdictPath(page)).toEqual({
    region: expect.stringMatching(/^polite "Right\. A returned version 1/),
    live: ['polite'],
    isFocused: false,
  });
});

test.describe('what a screen reader hears of the outcome banner', () => {
  /** What the narration's verdict region said, and whether one arrived already holding text. */
  const banner = async (page: Page) => {
    const { heard: said, arrived } = await heard(page);
    return {
      said: said.filter((h) => h.region === 'narration.outcome').map((h) => h.text),
      arrived: arrived.map((h) => `${h.region}: ${h.text}`),
    };
  };

  test("a scenario's end is said once, as it is reached; Back past it empties the region without a word, and the end reached again is said again", async ({
    page,
    sandbox,
  }) => {
    await sandbox.open('?scenario=cold-read&step=3');
    const outcome = page.getByTestId('narration.outcome');
    // There before the verdict, and empty: a region that arrives with its text is not read.
    await expect(outcome).toHaveRole('status');
    await expect(outcome).toHaveText('');
    await listen(page);
    await sandbox.step();
    await expect(outcome).toHaveText(/^Outcome met: One miss, then one hit/);
    const met =
      'Outcome met: One miss, then one hit; the database was read exactly once; the miss cached user:123. The scenario is over: carry on in free play.';
    expect(await banner(page)).toEqual({ said: [met], arrived: [] });
    // Back: the verdict goes with the step that reached it. Saying so would be a second
    // announcement of the one press, whose step the story region already tells.
    await sandbox.backButton.click();
    await expect(sandbox.position(3, 4)).toBeVisible();
    await expect(outcome).toHaveText('');
    await expect(page.getByTestId('narration.expected')).toBeVisible();
    expect(await banner(page)).toEqual({ said: [], arrived: [] });
    await sandbox.step();
    await expect(outcome).toHaveText(met);
    expect(await banner(page)).toEqual({ said: [met], arrived: [] });
  });

  test('a variant the scenario makes no promise for, and a fix it invites, end on a verdict said once', async ({
    page,
    sandbox,
  }) => {
    const outcome = page.getByTestId('narration.outcome');
    for (const [query, said] of [
      [
        '?scenario=stale-set&step=5&latency=lognormal',
        'No verdict: The scenario makes no promise for these settings (Latency model: lognormal): judge the run from its steps. The scenario is over: carry on in free play.',
      ],
      [
        '?scenario=stale-set&step=5&mitigation=lease',
        "Outcome met: With leases A takes a lease on its miss and B's DEL removes it with the key, so A's fill is refused with (integer) 0: no stale fill, and A's next read misses, takes a new lease and caches version 2: fresh. The scenario is over: carry on in free play.",
      ],
    ] as const) {
      await sandbox.open(query);
      await expect(outcome, query).toHaveText('');
      await listen(page);
      await sandbox.step();
      await expect(outcome, query).toHaveText(said);
      expect(await banner(page), query).toEqual({ said: [said], arrived: [] });
    }
  });
});

test.describe("what a screen reader hears of the quiz's verdict", () => {
  /** Each time the verdict was said: by its region, or by focus moved to it. */
  const verdicts = async (page: Page) =>
    (await heard(page)).heard
      .filter((h) => ['quiz.announce', 'focus: quiz.verdict'].includes(h.region))
      .map((h) => `${h.region}: ${h.text}`);

  test('each verdict shown is said once: a pressed choice by focus, then a scripted answer and a verdict Undo reset brings back by the region', async ({
    page,
    sandbox,
  }) => {
    await sandbox.open('?scenario=stale-read&present=1');
    await sandbox.press('q');
    await sandbox.press('ArrowRight');
    await listen(page);
    const verdict = page.getByTestId('quiz.verdict');
    const first = 'Right. user:123 holds version 1 and the row is version 2.';
    await page.getByRole('button', { name: 'Stale: older than the row' }).click();
    await expect(verdict).toHaveText(first);
    await expect(verdict).toBeFocused();
    expect(await verdicts(page)).toEqual([`focus: quiz.verdict: ${first}`]);

    // Answered by a script, the next verdict is said by the region: a press before it left the
    // region off until then, which was right only by luck of the order.
    await expect(page.getByRole('group', { name: /Step 3: / })).toBeVisible();
    await page.evaluate(() => window.cacheAside!.quiz!.answer('v1'));
    await expect(verdict).toHaveText(/^Right\. A returned version 1/);
    const second = (await verdict.textContent())!;
    expect(await verdicts(page)).toEqual([`quiz.announce: ${second}`]);

    // A stray R takes the verdict away (nothing said: the reset is); Undo reset brings it back,
    // said once by the region, as if it were new to the room.
    await sandbox.press('r');
    await expect(verdict).toHaveCount(0);
    expect(await verdicts(page)).toEqual([]);
    await page.getByRole('button', { name: 'Undo reset' }).click();
    await expect(verdict).toHaveText(second);
    expect(await verdicts(page)).toEqual([`quiz.announce: ${second}`]);
  });

  test('a verdict for a pressed choice, brought back by Undo reset, is said by the region: a press does not leave it off', async ({
    page,
    sandbox,
  }) => {
    await sandbox.open('?scenario=stale-read&present=1');
    await sandbox.press('q');
    await sandbox.press('ArrowRight');
    await listen(page);
    const verdict = page.getByTestId('quiz.verdict');
    const said = 'Right. user:123 holds version 1 and the row is version 2.';
    await page.getByRole('button', { name: 'Stale: older than the row' }).click();
    await expect(verdict).toBeFocused();
    expect(await verdicts(page)).toEqual([`focus: quiz.verdict: ${said}`]);
    await sandbox.press('r');
    await expect(verdict).toHaveCount(0);
    await page.getByRole('button', { name: 'Undo reset' }).click();
    await expect(verdict).toHaveText(said);
    expect(await verdicts(page)).toEqual([`quiz.announce: ${said}`]);
  });
});

test.describe('what a screen reader hears of notices and the consoles', () => {
  test('a notice that is not an error is said once, as it comes, from a region there before it; an error is an alert', async ({
    page,
    sandbox,
  }) => {
    await sandbox.open('?scenario=cold-read&step=2');
    await listen(page);
    await sandbox.control('Write policy').selectOption('update-cache');
    const inert =
      "Write policy: invalidate → update-cache makes no difference to this scenario's script: played under it, every step sends the same commands and gets the same replies as under the scenario's own settings, so its story and verdict stand.";
    await expect(page.getByRole('status').filter({ hasText: 'makes no difference' })).toHaveText(
      inert,
    );
    const notices = async () => {
      const { heard: said, arrived } = await heard(page);
      return {
        said: said.filter((h) => h.region === 'span[status].').map((h) => h.text),
        arrived: arrived.map((h) => h.text),
      };
    };
    expect(await notices()).toEqual({ said: [inert], arrived: [] });
    // Bad input: an alert, said as it arrives, and once.
    await sandbox.commit('TTL (s)', 'abc');
    await expect(sandbox.alert).toBeVisible();
    const { heard: said, arrived } = await heard(page);
    expect(said.filter((h) => h.region.includes('alert'))).toHaveLength(1);
    expect(arrived).toEqual([]);
  });

  test("a notice's buttons stand where they first appear: its words come later, their place kept", async ({
    page,
    sandbox,
  }) => {
    await sandbox.open('?scenario=stale-read&step=3');
    // Where Undo reset is the moment it is put in, and once the notice's words have come.
    await page.evaluate(() => {
      const w = window as unknown as { undoAt: number[] };
      w.undoAt = [];
      new MutationObserver(() => {
        const undo = [...document.querySelectorAll('button')].find(
          (b) => b.textContent === 'Undo reset',
        );
        if (undo && w.undoAt.length === 0) w.undoAt.push(undo.getBoundingClientRect().x);
      }).observe(document.body, { childList: true, subtree: true });
    });
    await sandbox.press('r');
    await expect(page.getByRole('status').filter({ hasText: 'Reset to the start' })).toBeVisible();
    const undo = page.getByRole('button', { name: 'Undo reset' });
    const first = await page.evaluate(() => (window as unknown as { undoAt: number[] }).undoAt);
    expect(first).toHaveLength(1);
    // A click aimed at it in between met empty space: the words pushed it aside 100 ms later.
    expect((await undo.boundingBox())?.x).toBeCloseTo(first[0], 0);
    await undo.click();
    await expect(sandbox.position(3, 7)).toBeVisible();
  });

  test("a console's reply is said once, with its line, and a reply that comes at once is not first said to be awaited", async ({
    page,
    sandbox,
  }) => {
    await sandbox.open();
    await listen(page);
    await sandbox.runRedis('SET user:7 x');
    await expect(sandbox.redisOutput).toContainText('OK');
    await sandbox.runSql('SELECT 1 AS one');
    await expect(sandbox.sqlOutput.getByRole('table')).toBeVisible();
    const { heard: said, arrived } = await heard(page);
    // The line sent and its reply, added to the transcript, once each.
    expect(said.filter((h) => h.region.endsWith('console output'))).toEqual([
      { region: 'Redis console output', text: 'redis> SET user:7 x OK' },
      { region: 'SQL console output', text: 'sqlite> SELECT 1 AS one one 1 1 row' },
    ]);
    // "Waiting for the reply…" (SQL: "Running… (first on a copy ...)") is said only of a reply
    // that keeps the console waiting: said before every reply, it doubled what each line said.
    expect(said.filter((h) => /Waiting for the reply|Running…/.test(h.text))).toEqual([]);
    expect(arrived).toEqual([]);
  });
});

test.describe("what a screen reader hears of a challenge's check", () => {
  test('checking, then the verdict, each said once, from a region there before the check', async ({
    page,
    sandbox,
  }) => {
    // A check replays every interleaving in fresh simulations: seconds on a busy machine.
    test.slow();
    await sandbox.open();
    await page.getByRole('button', { name: 'Edit the code' }).click();
    const challenge = page.getByTestId('challenge.stale-set');
    await expect(challenge.getByRole('button', { name: /^Check/ })).toBeEnabled();
    await listen(page);
    await challenge.getByRole('button', { name: /^Check/ }).click();
    await expect(page.getByTestId('challenge.stale-set.schedule')).toHaveText('A A B B A', {
      timeout: 60_000,
    });
    const { heard: said, arrived } = await heard(page);
    expect(arrived).toEqual([]);
    const check = said.filter((h) => h.region === 'challenge.stale-set.said').map((h) => h.text);
    expect(check).toEqual([
      'Checking every interleaving…',
      expect.stringMatching(
        /^Not yet\. .* Counterexample, one actor per step: A A B B A Load this interleaving into the sandbox$/,
      ),
    ]);
  });
});

test.describe("what a screen reader hears of the lab's runs", () => {
  test('a long run says nothing of its progress ticks, only how it ended; a run ending as the last did is said again', async ({
    page,
    lab,
    api,
  }) => {
    await lab.open('?requests=3000000&rate=100000');
    await listen(page);
    // The bar moves many times (each tick redraws its count): none of it is said.
    const done = async () => Number(await lab.progress.getAttribute('value'));
    await expect.poll(done).toBeGreaterThan(0);
    const first = await done();
    await expect.poll(done).toBeGreaterThan(first);
    await api.lab.stop();
    await lab.statusSays('Stopped: ');
    const stopped = (await lab.status.innerText()).replace(/\s+/g, ' ').trim();
    expect((await heard(page)).heard).toEqual([
      { region: 'div[status].lab-notice', text: stopped },
    ]);

    // Two runs alike end in the same words: each end is said (the start of a run empties it).
    const ends: string[] = [];
    for (let run = 1; run <= 2; run++) {
      await lab.runFromControls({ Requests: '3' });
      await expect
        .poll(async () => {
          for (const h of (await heard(page)).heard)
            if (h.region === 'div[status].lab-notice') ends.push(h.text);
          return ends.length;
        })
        .toBe(run);
    }
    expect(ends).toEqual([
      expect.stringMatching(/^Finished: 3 requests/),
      expect.stringMatching(/^Finished: 3 requests/),
    ]);
    expect(ends[1]).toBe(ends[0]);
  });
});
