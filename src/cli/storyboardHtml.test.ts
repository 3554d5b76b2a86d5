import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios';
import { COURSE } from '../scenarios/course';
import { overviewHtml, storyboardHtml, type Frame } from './storyboardHtml';
import { scenarioById } from '../scenarios/testScenarios';

describe('the storyboard pages', () => {
  it('the overview lists every scenario once, under its part of the course, in playing order', () => {
    const html = overviewHtml([...SCENARIOS].reverse());
    const headings = [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual(COURSE.map((p) => p.title));
    const links = [...html.matchAll(/<a href="([^/]+)\/index\.html">/g)].map((m) => m[1]);
    expect(links).toEqual(COURSE.flatMap((p) => p.scenarioIds));
  });

  it("a variant's overview links each scenario's variant folder", () => {
    const lease = {
      key: 'readMitigation' as const,
      param: 'mitigation',
      label: 'read mitigation',
      value: 'lease',
    };
    const html = overviewHtml([scenarioById('stale-set'), scenarioById('cold-read')], [lease]);
    expect([...html.matchAll(/<a href="([^/]+)\/index\.html">/g)].map((m) => m[1])).toEqual([
      'cold-read--readMitigation-lease',
      'stale-set--readMitigation-lease',
    ]);
  });

  it('the overview of a few keeps only their parts', () => {
    const html = overviewHtml([scenarioById('stale-set'), scenarioById('cold-read')]);
    expect([...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1])).toEqual([
      '1. The pattern',
      '4. Races and their fixes',
    ]);
  });

  it('a storyboard shows each frame with its narration, next press and notes, escaped', () => {
    const sc = scenarioById('stale-set');
    const frames: Frame[] = [
      {
        file: '00.png',
        step: 0,
        narration: 'A <b> & "c"',
        next: 'next: A sends GET user:123',
        notes: 'say it',
        outcome: '',
        offScript: '',
      },
      {
        file: '06.png',
        step: sc.beats.length,
        narration: 'end',
        next: 'next: nothing; no request is waiting',
        notes: 'n',
        outcome: 'Outcome met: stale',
        offScript: '',
      },
    ];
    const html = storyboardHtml(sc, frames);
    expect(html).toContain('<img src="00.png"');
    expect(html).toContain('A &#60;b&#62; &#38; &#34;c&#34;');
    expect(html).toContain('<p class="next">next: A sends GET user:123</p>');
    expect(html).toContain('<strong>Speaker notes:</strong> say it');
    // The outcome is printed under the last frame only.
    expect(html.match(/Outcome met: stale/g)).toHaveLength(1);
    expect(html.indexOf('Outcome met: stale')).toBeGreaterThan(html.indexOf('06.png'));
    // The sandbox's link, the room's: presenter mode is said in words, not put in the link a
    // teacher copies from it for the students (their tabs would open on the projector's screen).
    expect(html).toContain('in presenter mode, from the link <code>?scenario=stale-set</code>');
    expect(html).not.toContain('stale-set&#38;present=1');
    expect(html).not.toContain('Played under');
  });

  // stale-set under versioned fills, step 5: the narration and its Expected line outgrow the
  // 1280x720 screen, and the frame shows the column's top only.
  it("a frame that cuts the words' column says so, and the index carries all of them", () => {
    const sc = scenarioById('stale-set');
    const frame = (step: number, cutText: string): Frame => ({
      file: `0${step}.png`,
      step,
      narration: 'A sends EVAL FILL_IF_NEWER ...',
      next: 'next: A sends GET user:123',
      notes: 'n',
      outcome: '',
      offScript: '',
      cutText,
    });
    const words =
      'RACE: STALE SET 5 / 6\nA sends EVAL FILL_IF_NEWER ...\nExpected: no stale fill & fresh.';
    const html = storyboardHtml(sc, [frame(4, ''), frame(5, words)]);
    expect(html.match(/The frame cuts this step's words/g)).toHaveLength(1);
    const figure5 = html.slice(html.indexOf('src="05.png"'));
    expect(figure5).toContain(
      `<blockquote class="cut-text">${words.replace('&', '&#38;')}</blockquote>`,
    );
    expect(html.slice(0, html.indexOf('src="05.png"'))).not.toContain('cut-text">');
  });

  it("a variant's storyboard names its settings beside the scenario's own, and says the notes were written for the script", () => {
    const sc = scenarioById('stale-set');
    const offScript =
      'The run left the script (Read mitigation: lease): each step is told from what the engine did.';
    const frame = (step: number): Frame => ({
      file: `0${step}.png`,
      step,
      narration: 'A sends GET user:123',
      next: 'next: A sends GET user:123',
      notes: 'authored',
      outcome: '',
      offScript,
    });
    const html = storyboardHtml(
      sc,
      [frame(0), frame(1)],
      [
        { key: 'readMitigation', param: 'mitigation', label: 'read mitigation', value: 'lease' },
        { key: 'ttlSeconds', param: 'ttl', label: 'TTL', value: String(sc.ttlSeconds) },
      ],
    );
    expect(html).toContain(
      `<p class="settings"><strong>Played under:</strong> read mitigation: lease (the scenario&#39;s own: none); TTL: ${sc.ttlSeconds} (the scenario&#39;s own).</p>`,
    );
    expect(html).toContain(
      `<code>?scenario=stale-set&#38;mitigation=lease&#38;ttl=${sc.ttlSeconds}</code>`,
    );
    expect(html).toContain(`<p class="off-script">${offScript}</p>`);
    // The scenario's summary tells the authored run ("the old row is cached until its TTL"),
    // which a lease prevents: said to be the script's, not this run's.
    const summary = sc.summary.replaceAll("'", '&#39;');
    expect(html).toContain(`<p>As authored, under the scenario&#39;s own settings: ${summary}</p>`);
    expect(html).not.toContain(`<p>${summary}</p>`);
    expect(html.match(/<em>Written for the scenario as authored; this run left it/g)).toHaveLength(
      2,
    );
    expect(
      overviewHtml(
        [sc],
        [{ key: 'readMitigation', param: 'mitigation', label: 'read mitigation', value: 'lease' }],
      ),
    ).toContain('<strong>Played under:</strong> read mitigation: lease (each storyboard');
  });

  it('says a setting the pattern it was played under does not use is off, as the page does', () => {
    // cold-read --set pattern=write-behind --set writePolicy=delete-first said "write policy:
    // delete-first (the scenario's own: invalidate)", as if the run used it: write-behind does not.
    const sc = scenarioById('cold-read');
    const frame: Frame = {
      file: '00.png',
      step: 0,
      narration: 'n',
      next: '',
      notes: '',
      outcome: '',
      offScript: '',
    };
    const html = storyboardHtml(
      sc,
      [frame],
      [
        { key: 'pattern', param: 'pattern', label: 'caching pattern', value: 'write-behind' },
        { key: 'writePolicy', param: 'policy', label: 'write policy', value: 'delete-first' },
      ],
    );
    expect(html).toContain(
      '<strong>Played under:</strong> caching pattern: write-behind (the scenario&#39;s own: cache-aside); write policy: delete-first (not used: write-behind does not use the write policy, so it is off; the scenario&#39;s own: invalidate).</p>',
    );
    // Under cdc the write policy is off too, and the read mitigation stays in use.
    const cdc = storyboardHtml(
      sc,
      [frame],
      [
        { key: 'invalidation', param: 'invalidation', label: 'invalidation', value: 'cdc' },
        { key: 'writePolicy', param: 'policy', label: 'write policy', value: 'delete-first' },
        { key: 'readMitigation', param: 'mitigation', label: 'read mitigation', value: 'lease' },
      ],
    );
    expect(cdc).toContain(
      'write policy: delete-first (not used: under cdc the application&#39;s write only UPDATEs and the change log&#39;s consumer invalidates, so it is off; the scenario&#39;s own: invalidate); read mitigation: lease (the scenario&#39;s own: none).',
    );
  });

  it('defines each engine script its frames name, once, after the frames; a storyboard naming none has no such list', () => {
    const sc = scenarioById('stale-set');
    const frame = (step: number, narration: string, next: string): Frame => ({
      file: `0${step}.png`,
      step,
      narration,
      next,
      notes: 'authored',
      outcome: '',
      offScript: '',
    });
    const html = storyboardHtml(sc, [
      frame(3, 'B runs its UPDATE.', 'next: B sends EVAL INVALIDATE_IF_OLDER 1 user:123 2 EX 36…'),
      frame(
        4,
        'B sends EVAL INVALIDATE_IF_OLDER 1 user:123 2 EX 3600: (integer) 1.',
        'next: A sends EVAL FILL_IF_NEWER 1 user:123 …',
      ),
    ]);
    const list = html.slice(html.indexOf('<h2>Engine scripts named here</h2>'));
    expect(html.indexOf('<h2>Engine scripts named here</h2>')).toBeGreaterThan(
      html.lastIndexOf('</figure>'),
    );
    expect([...list.matchAll(/<dt><code>(\w+)<\/code><\/dt>/g)].map((m) => m[1])).toEqual([
      'FILL_IF_NEWER',
      'INVALIDATE_IF_OLDER',
    ]);
    expect(list).toContain(
      '<dd>Stores a row only over an older version: refused when the key already holds a newer version (a copy or a tombstone) or a copy of this same version. A reader’s versioned fill sends it, and so does write-through’s store of the row it wrote, and update-cache’s under versioned fills. Replies 1 (stored) or 0 (refused).</dd>',
    );
    expect(
      storyboardHtml(sc, [frame(1, 'A sends GET user:123', 'next: A runs SELECT')]),
    ).not.toContain('Engine scripts');
  });
});
