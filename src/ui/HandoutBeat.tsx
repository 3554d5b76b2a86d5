import { shownCommand, type StepEvent } from '../engine/stepEvent';
import { sandboxQueryAt, type BeatCues } from '../store/handout';
import { selectLastStepEvents, selectQuietStep } from '../store/diagramSelectors';
import { selectLatestNote, selectNarration } from '../store/narrationSelectors';
import {
  selectOffScriptChanges,
  selectOutcomeDescription,
  selectVerdictTiming,
} from '../store/scriptSelectors';
import { selectScenario } from '../store/selectors';
import type { SandboxStoreApi } from '../store/sandboxStore';
import type { SandboxState } from '../store/sandboxState';
import { shown } from '../store/shown';
import { CacheVsDatabase } from './CacheVsDatabase';
import { Diagram } from './Diagram';
import { outcomeClass, outcomeHeadline } from './outcomeLine';
import { PanelBoundary } from './PanelBoundary';
import { SandboxStoreContext, useSandbox } from './storeContext';

const NO_EVENTS: StepEvent[] = [];
const wholeState = <T,>(s: T): T => s;

/** The commands a beat sent (before the first Step, the scenario's setup), in order. */
const beatEvents = (s: SandboxState): StepEvent[] =>
  s.cursor === 0
    ? (s.snapshot?.events.slice(0, s.baseCommands) ?? NO_EVENTS)
    : selectLastStepEvents(s);

const commandLine = (e: StepEvent): string => shown(`${e.actor}: ${shownCommand(e)} → ${e.reply}`);

/**
 * What the presenter has at the beat, as the sandbox and the storyboards give it: the scenario's
 * speaker notes, the question quiz mode asks before the next Step, and the next press in the
 * engine's words. Printed with the beat.
 */
function Cues({ cues, step }: { cues: BeatCues; step: number }) {
  const { notes, question, next } = cues;
  return (
    <div className="handout-cues" data-testid="handout.cues">
      <h3>For the presenter</h3>
      {notes !== null && (
        <p className="handout-notes" data-testid="handout.notes">
          <strong>Speaker notes:</strong> {notes.caveat !== null && <em>{notes.caveat} </em>}
          {notes.text}
        </p>
      )}
      {question?.type === 'asked' && (
        <p className="handout-question" data-testid="handout.question">
          <strong>Quiz mode asks before Step {step + 1}:</strong> {question.text} Choices:{' '}
          {question.choices.join('; ')}.
        </p>
      )}
      {question?.type === 'unasked' && (
        <p className="handout-question" data-testid="handout.question">
          Step {step + 1} asks no question in this run: it cannot answer &ldquo;{question.text}
          &rdquo;: {question.why}
        </p>
      )}
      <p className="handout-next" data-testid="handout.next">
        {next}
      </p>
    </div>
  );
}

/** One beat's block, drawn from its still store by the sandbox's own components and selectors. */
function BeatBody({
  step,
  of,
  query,
  cues,
}: {
  step: number;
  of: number;
  query: string;
  cues: BeatCues;
}) {
  // A beat's store holds its state still: read once, and each selector called on it directly.
  const s = useSandbox(wholeState);
  const narration = selectNarration(s);
  const changes = selectOffScriptChanges(s);
  const note = selectLatestNote(s);
  const events = beatEvents(s);
  const quiet = selectQuietStep(s);
  const headingId = `handout-step-${step}`;
  return (
    <li className="handout-beat" data-testid={`handout.beat.${step}`} aria-labelledby={headingId}>
      <h2 id={headingId}>{step === 0 ? 'Before the first Step' : `Step ${step} of ${of}`}</h2>
      {changes.length > 0 && (
        <p className="off-script" data-testid="handout.off-script">
          The run left the script ({changes.join(', ')}): each step is told from what the engine
          did.
        </p>
      )}
      <p className="handout-narration" data-testid="handout.narration">
        {narration}
      </p>
      {note !== undefined && (
        <p className="narration-note" data-testid="handout.note">
          {note}
        </p>
      )}
      <h3>{step === 0 ? 'Set up before the first Step' : 'Commands'}</h3>
      {quiet !== null && <p data-testid="handout.quiet">No command: {quiet}</p>}
      {events.length > 0 ? (
        <ol className="handout-commands" data-testid="handout.commands">
          {events.map((e) => (
            <li key={e.index}>
              <code>{commandLine(e)}</code>
            </li>
          ))}
        </ol>
      ) : (
        quiet === null && <p className="muted">None.</p>
      )}
      <div className="handout-pictures">
        <PanelBoundary name="Cache vs database">
          <CacheVsDatabase />
        </PanelBoundary>
        <PanelBoundary name="Diagram">
          <Diagram />
        </PanelBoundary>
      </div>
      <Cues cues={cues} step={step} />
      <p className="no-print">
        <a href={`${sandboxQueryAt(query, step)}#/`}>Open step {step} in the sandbox</a>
      </p>
    </li>
  );
}

/** A beat of the handout: its still store provided to the page's components. */
export function HandoutBeat({
  store,
  step,
  of,
  query,
  cues,
}: {
  store: SandboxStoreApi;
  step: number;
  of: number;
  query: string;
  cues: BeatCues;
}) {
  return (
    <SandboxStoreContext.Provider value={store}>
      <BeatBody step={step} of={of} query={query} cues={cues} />
    </SandboxStoreContext.Provider>
  );
}

function Verdict() {
  const scenario = useSandbox(selectScenario);
  const outcome = useSandbox((s) => s.outcome);
  const text = useSandbox(selectOutcomeDescription);
  const timing = useSandbox(selectVerdictTiming);
  if (!scenario) return null;
  return (
    <section
      className="handout-verdict"
      aria-labelledby="handout-verdict"
      data-testid="handout.verdict"
    >
      <h2 id="handout-verdict">Outcome</h2>
      {outcome === null ? (
        <p>No verdict: the run ended before the scenario&apos;s last beat.</p>
      ) : (
        <p className={outcomeClass(outcome)}>
          <strong>{outcomeHeadline(outcome)}:</strong> {text}
          {timing !== null && ` ${timing}`}
        </p>
      )}
    </section>
  );
}

/** The verdict the sandbox gives at the run's last beat. */
export function HandoutVerdict({ store }: { store: SandboxStoreApi }) {
  return (
    <SandboxStoreContext.Provider value={store}>
      <Verdict />
    </SandboxStoreContext.Provider>
  );
}
