import { useCallback } from 'react';
import { handoutHref, selectHandoutLeavesOut } from '../store/handout';
import type { LearnerStore } from '../store/learnerStore';
import type { SandboxStore } from '../store/sandboxStore';
import { useLearner, useLearnerApi } from './learnerContext';
import { useSandbox } from './storeContext';
import { useQuiz } from './useQuiz';

const isRunningOwn = (s: LearnerStore): boolean =>
  s.running.read !== null || s.running.write !== null;

/**
 * Said beside the link while the sandbox runs the learner's own read or write path: the handout
 * plays the scenario with ours (a handout's address carries settings, not code).
 */
function OwnCodeNote() {
  if (!useLearner(isRunningOwn)) return null;
  return (
    <span className="hint" data-testid="controls.handout.note">
      The handout plays our read and write paths, not your version.
    </span>
  );
}

/**
 * Said beside the link while the run shown holds what the learner did between the scenario's
 * steps (a console line, Redis taken down ...): the handout plays the steps alone.
 */
function RunLeftOutNote() {
  const note = useSandbox(selectHandoutLeavesOut);
  if (note === null) return null;
  return (
    <span className="hint" data-testid="controls.handout.runNote">
      {note}
    </span>
  );
}

/** The handout's address (`#` part) for the view shown, or null in free play. */
function useHandoutHref(): string | null {
  const isQuizOn = useQuiz((s) => s.isEnabled);
  return useSandbox(useCallback((s: SandboxStore) => handoutHref(s, isQuizOn), [isQuizOn]));
}

/**
 * The sandbox's way to a printable handout of the scenario open, under the settings shown. In
 * quiz mode it leads to the handout's refusal instead (a handout answers the questions), and its
 * address names no scenario, as quiz mode's links name none by its id.
 */
export function HandoutLink() {
  const href = useHandoutHref();
  const hasLearner = useLearnerApi() !== null;
  if (href === null) return null;
  return (
    <>
      <a className="button" href={href} data-testid="controls.handout">
        Handout
      </a>
      {hasLearner && <OwnCodeNote />}
      <RunLeftOutNote />
    </>
  );
}

/**
 * The handout's full address for a new tab: this page's path and the handout's `#` part, without
 * the sandbox's query, so the tab opens the handout alone (not the projector's step and presenter
 * mode behind it) and its address is the handout's to copy.
 */
export const handoutTabUrl = (href: string): string => `${window.location.pathname}${href}`;

/**
 * Presenter mode's way to the handout, in its bar (H too): in a new tab, so the projector keeps
 * its place (the step, presenter mode, the room's score kept for this tab) while the handout is
 * printed or shared from the other.
 */
export function PresenterHandoutLink() {
  const href = useHandoutHref();
  const hasLearner = useLearnerApi() !== null;
  // Not shown in the bar, which keeps one row: its description says it (a run changed in the
  // sandbox before P, Redis taken down say, is not what the handout prints).
  const leftOut = useSandbox(selectHandoutLeavesOut);
  if (href === null) return null;
  return (
    <>
      <a
        className="button"
        href={handoutTabUrl(href)}
        target="_blank"
        rel="noopener"
        // Named "Handout" as in the sandbox (a name with "scenario" in it would also answer to
        // the Scenario picker's label); what it opens, and where, is its description.
        title={`Handout for this scenario, under the settings shown, in a new tab (H)${leftOut === null ? '' : `. ${leftOut}`}`}
        aria-keyshortcuts="H"
        data-testid="presenter.handout"
      >
        Handout
      </a>
      {hasLearner && <OwnCodeNote />}
    </>
  );
}
