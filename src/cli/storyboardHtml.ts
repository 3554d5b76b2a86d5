/**
 * The pages `npm run walkthrough` writes: a scenario's storyboard (every frame with the narration
 * the page showed, the next press and the speaker notes) and the overview of all of them, by the
 * course's parts. Plain functions of the frames, so a unit test reads them without a browser.
 */
import { COURSE } from '../scenarios/course';
import type { Scenario } from '../scenarios';
import { CDC_POLICY_OFF, PATTERN_INFO, settingsInUse } from '../engine/programs/patterns';
import { ENGINE_SCRIPT_NOTE, ENGINE_SCRIPTS } from '../engine/programs/scriptNames';
import { DEFAULT_SANDBOX_CONFIG, scenarioConfig, type SandboxConfig } from '../store/sandboxConfig';
import { AUTHORED_SUMMARY } from '../store/scriptSelectors';
import { storyboardFolder, storyboardLink, type WalkthroughSetting } from './walkthroughSettings';

/** One screenshot of a storyboard and what the page said on it. */
export interface Frame {
  file: string;
  step: number;
  narration: string;
  next: string;
  notes: string;
  outcome: string;
  /** What the page said when the run left the authored script ('' while it follows it). */
  offScript: string;
  /**
   * Presenter mode's words' column in full, when the frame cuts it (its text outgrew the screen
   * and the column scrolls); '' when the frame shows all of it.
   */
  cutText?: string;
}

/**
 * What the speaker notes of a frame off the script are prefaced with, as the page prefaces them
 * (src/ui/SpeakerNotes.tsx): they were written for the authored run.
 */
export const NOTES_OFF_SCRIPT =
  'Written for the scenario as authored; this run left it, so check them against the narration.';

/**
 * Why a setting takes no part in a run played under `config`, as the page's settings say it
 * (src/ui/ConfigControls.tsx, from `settingsInUse`), or null when the run uses it.
 */
function offBecause(key: keyof SandboxConfig, config: SandboxConfig): string | null {
  const inUse = settingsInUse(config.pattern, config.invalidation);
  const label = key === 'writePolicy' ? 'the write policy' : 'the read mitigation';
  if (key === 'writePolicy' && !inUse.writePolicy)
    return PATTERN_INFO[config.pattern].usesPolicies
      ? `under cdc ${CDC_POLICY_OFF}`
      : `${config.pattern} does not use ${label}`;
  if (key === 'readMitigation' && !inUse.readMitigation)
    return `${config.pattern} does not use ${label}`;
  return null;
}

/**
 * The settings a storyboard was played under, each beside the scenario's own value; one the
 * pattern played does not use (a write policy under write-behind) is said to be off, as the
 * page says it, not listed as if the run used it.
 */
function settingsLine(sc: Scenario, settings: readonly WalkthroughSetting[]): string {
  const own = scenarioConfig(sc, DEFAULT_SANDBOX_CONFIG);
  const played = {
    ...own,
    ...Object.fromEntries(settings.map((s) => [s.key, s.value])),
  } as SandboxConfig;
  const said = settings.map((s) => {
    const off = offBecause(s.key, played);
    const unused = off === null ? '' : `not used: ${off}, so it is off; `;
    return String(own[s.key]) === s.value
      ? `${s.label}: ${s.value} (${unused}the scenario's own)`
      : `${s.label}: ${s.value} (${unused}the scenario's own: ${String(own[s.key])})`;
  });
  return `<p class="settings"><strong>Played under:</strong> ${escapeHtml(said.join('; '))}.</p>`;
}

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const PAGE_STYLE = `body{font:16px/1.45 system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#111}
figure{margin:0 0 32px;break-inside:avoid;page-break-inside:avoid}
img{width:100%;border:1px solid #ccc}
figcaption p{margin:6px 0}.notes{border-left:4px solid #a06cd5;padding-left:10px;color:#333}
.next{font-family:ui-monospace,monospace;color:#8a5a00}
.cut-text{white-space:pre-line;margin:6px 0;border-left:4px solid #5aa9ff;padding-left:10px}`;

/**
 * The engine's scripts the frames name (`EVAL INVALIDATE_IF_OLDER ...`), each defined in one line
 * as the page's glossary defines it: a handout has no code panel and no glossary button.
 */
function scriptsNamed(frames: readonly Frame[]): string {
  const text = frames.map((f) => `${f.narration} ${f.next} ${f.outcome}`).join(' ');
  const named = ENGINE_SCRIPTS.filter((s) =>
    new RegExp(`(?<![\\w-])${s.name}(?![\\w-])`).test(text),
  );
  if (named.length === 0) return '';
  const items = named
    .map((s) => `<dt><code>${s.name}</code></dt><dd>${escapeHtml(s.purpose)}</dd>`)
    .join('\n');
  return `<h2>Engine scripts named here</h2>\n<p>${escapeHtml(ENGINE_SCRIPT_NOTE)}</p>\n<dl>\n${items}\n</dl>\n`;
}

export function storyboardHtml(
  sc: Scenario,
  frames: Frame[],
  settings: readonly WalkthroughSetting[] = [],
): string {
  const figures = frames
    .map(
      (f) => `<figure>
<img src="${f.file}" alt="${escapeHtml(`${sc.title}, step ${f.step} of ${sc.beats.length}`)}" width="1280" height="720">
<figcaption>
<p><strong>Step ${f.step} of ${sc.beats.length}.</strong> ${escapeHtml(f.narration)}</p>
${f.step === sc.beats.length ? `<p>${escapeHtml(f.outcome)}</p>` : ''}
${f.cutText ? `<p class="cut"><strong>The frame cuts this step's words</strong> (they outgrew the screen; in class the column scrolls, and the frame says "More below"). All of them:</p>\n<blockquote class="cut-text">${escapeHtml(f.cutText)}</blockquote>\n` : ''}<p class="next">${escapeHtml(f.next)}</p>
<p class="notes"><strong>Speaker notes:</strong> ${f.offScript === '' ? '' : `<em>${escapeHtml(NOTES_OFF_SCRIPT)}</em> `}${escapeHtml(f.notes)}</p>
</figcaption>
</figure>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(sc.title)}: storyboard</title>
<style>${PAGE_STYLE}</style></head>
<body>
<h1>${escapeHtml(sc.title)}</h1>
<p>${frames.some((f) => f.offScript !== '') ? escapeHtml(AUTHORED_SUMMARY) : ''}${escapeHtml(sc.summary)}</p>
<p>Played in Cache-Aside Lab's sandbox, in presenter mode, from the link <code>${escapeHtml(storyboardLink(sc.id, settings))}</code> (the room's link; a projector link adds <code>&#38;present=1</code>); every frame is a real command against the in-browser Redis and SQLite.</p>
${settings.length > 0 ? `${settingsLine(sc, settings)}\n` : ''}${frames[0]?.offScript ? `<p class="off-script">${escapeHtml(frames[0].offScript)}</p>\n` : ''}${figures}
${scriptsNamed(frames)}</body></html>
`;
}

/**
 * The overview: the played scenarios under the course's parts, in playing order, each linking
 * to its storyboard with its summary (a part with none of them played is left out).
 */
export function overviewHtml(
  scenarios: Scenario[],
  settings: readonly WalkthroughSetting[] = [],
): string {
  const item = (sc: Scenario) =>
    `<li><a href="${storyboardFolder(sc.id, settings)}/index.html">${escapeHtml(sc.title)}</a>: ${escapeHtml(sc.summary)}</li>`;
  const parts = COURSE.map((part) => ({
    title: part.title,
    played: part.scenarioIds
      .map((id) => scenarios.find((sc) => sc.id === id))
      .filter((sc): sc is Scenario => sc !== undefined),
  })).filter((part) => part.played.length > 0);
  const placed = new Set(parts.flatMap((p) => p.played.map((sc) => sc.id)));
  const others = scenarios.filter((sc) => !placed.has(sc.id));
  if (others.length > 0) parts.push({ title: 'Outside the course', played: others });
  const sections = parts
    .map((p) => `<h2>${escapeHtml(p.title)}</h2>\n<ol>\n${p.played.map(item).join('\n')}\n</ol>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cache-Aside Lab storyboards</title>
<style>${PAGE_STYLE}</style></head>
<body><h1>Cache-Aside Lab storyboards</h1>
<p>The course, part by part: each scenario played in presenter mode, a frame per step.</p>
${settings.length > 0 ? `<p class="settings"><strong>Played under:</strong> ${escapeHtml(settings.map((s) => `${s.label}: ${s.value}`).join('; '))} (each storyboard says where that is not the scenario's own, or not used by its pattern).</p>\n` : ''}${sections}
</body></html>
`;
}
