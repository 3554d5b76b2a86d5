import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findScenario } from '../src/scenarios';
import { expect, test } from './fixtures';

const run = promisify(execFile);
// `npm run walkthrough` is `tsx src/cli/walkthrough.ts`: the same, without npx and tsx's own
// launcher starting a process each (about a second of CPU a call on this machine).
const TSX = ['--import', 'tsx'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('npm run walkthrough writes a storyboard: a PNG per beat and an index with narration and notes', async ({
  baseURL,
}) => {
  test.setTimeout(120_000);
  const out = mkdtempSync(join(tmpdir(), 'storyboard-'));
  try {
    // An earlier storyboard of the scenario, with more frames, and a file of the teacher's own.
    const dir = join(out, 'cold-read');
    mkdirSync(dir);
    for (const f of ['00.png', '11.png', '12.png', 'index.html', 'lesson-notes.md'])
      writeFileSync(join(dir, f), 'an earlier run');
    // Against the production build this test run serves (the CLI builds its own without --url).
    await run(
      process.execPath,
      [...TSX, 'src/cli/walkthrough.ts', 'cold-read', '--out', out, '--url', `${baseURL}`],
      {
        timeout: 110_000,
      },
    );
    const sc = findScenario('cold-read');
    if (!sc) throw new Error('cold-read is missing');
    const frames = Array.from(
      { length: sc.beats.length + 1 },
      (_, i) => `${String(i).padStart(2, '0')}.png`,
    );
    // One storyboard: the earlier run's extra frames are gone, the teacher's file stays, and
    // nothing was left beside the folder.
    expect(readdirSync(dir).sort()).toEqual([...frames, 'index.html', 'lesson-notes.md']);
    expect(readdirSync(out)).toEqual(['cold-read']);
    for (const f of frames) {
      const png = readFileSync(join(dir, f));
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE), f).toBe(true);
      // The IHDR chunk: a 1280x720 screen.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], f).toEqual([1280, 720]);
    }
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const escaped = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    // The narration the page showed at each beat, the speaker notes, and the next press.
    for (const beat of sc.beats) {
      expect(html).toContain(escaped(beat.narration));
      expect(html).toContain(escaped(beat.notes ?? 'missing notes'));
    }
    expect(html).toContain(escaped(sc.introNotes ?? 'missing notes'));
    expect(html).toContain('next: A sends GET user:123');
    for (const f of frames) expect(html).toContain(`src="${f}"`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("a variant's storyboard (--set readMitigation=lease): the page's own narration for it, its settings named", async ({
  baseURL,
  page,
}) => {
  test.setTimeout(120_000);
  const out = mkdtempSync(join(tmpdir(), 'storyboard-'));
  try {
    await run(
      process.execPath,
      [
        ...TSX,
        'src/cli/walkthrough.ts',
        'stale-set',
        '--set',
        'readMitigation=lease',
        '--out',
        out,
        '--url',
        `${baseURL}`,
      ],
      { timeout: 110_000 },
    );
    const sc = findScenario('stale-set');
    if (!sc) throw new Error('stale-set is missing');
    // A folder of its own, named by its settings: the authored storyboard is not replaced.
    expect(readdirSync(out)).toEqual(['stale-set--readMitigation-lease']);
    const variant = join(out, 'stale-set--readMitigation-lease');
    const html = readFileSync(join(variant, 'index.html'), 'utf8');
    const escaped = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    expect(html).toContain(
      `<strong>Played under:</strong> ${escaped("read mitigation: lease (the scenario's own: none).")}`,
    );
    expect(html).toContain('<code>?scenario=stale-set&#38;mitigation=lease</code>');
    // What the page says of the variant, at each step, as a teacher opening it would see it.
    const end = sc.beats.length;
    await page.goto(`/?scenario=stale-set&mitigation=lease&step=${end}&present=1`);
    const offScript = page.getByTestId('narration.off-script');
    await expect(offScript).toContainText('Read mitigation: lease');
    await expect(page.locator('[data-testid="presenter.next"][data-pending="false"]')).toHaveCount(
      1,
    );
    expect(html).toContain(
      `<p class="off-script">${escaped((await offScript.textContent())!.trim())}</p>`,
    );
    expect(html).toContain(
      escaped((await page.getByTestId('narration.text').textContent())!.trim()),
    );
    expect(html).toContain(escaped(`Outcome met: ${sc.variants![0].outcome.description}`));
    // Not the authored story: the fill that makes the stale copy is refused under a lease.
    expect(html).not.toContain(escaped(sc.beats[end - 1].narration));
    expect(html).toContain('<em>Written for the scenario as authored; this run left it');
    expect(readdirSync(variant).filter((f) => f.endsWith('.png'))).toHaveLength(end + 1);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('a storyboard that fails leaves no folder it made behind', async () => {
  test.setTimeout(60_000);
  const parent = mkdtempSync(join(tmpdir(), 'storyboard-'));
  const out = join(parent, 'boards');
  try {
    // Nothing listens on port 9 (discard): the page cannot open.
    const failed = await run(
      process.execPath,
      [...TSX, 'src/cli/walkthrough.ts', 'cold-read', '--out', out, '--url', 'http://127.0.0.1:9'],
      { timeout: 55_000 },
    ).then(
      () => null,
      (e: { code?: number; stderr?: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('127.0.0.1:9');
    expect(readdirSync(parent)).toEqual([]);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('a file where a scenario’s folder goes is refused before anything is built or shot', async ({
  baseURL,
}) => {
  test.setTimeout(60_000);
  const out = mkdtempSync(join(tmpdir(), 'storyboard-'));
  try {
    writeFileSync(join(out, 'cold-read'), 'not a folder');
    const failed = await run(
      process.execPath,
      [...TSX, 'src/cli/walkthrough.ts', 'cold-read', '--out', out, '--url', `${baseURL}`],
      { timeout: 55_000 },
    ).then(
      () => null,
      (e: { code?: number; stderr?: string }) => e,
    );
    // A bad argument (2), said before anything is built or shot.
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain(
      `holds a file where the storyboard of cold-read goes (${join(out, 'cold-read')})`,
    );
    // Nothing shot, nothing left beside it.
    expect(readdirSync(out)).toEqual(['cold-read']);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
