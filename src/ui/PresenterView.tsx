import { useEffect, useLayoutEffect, useRef } from 'react';
import { CacheVsDatabase } from './CacheVsDatabase';
import { Diagram } from './Diagram';
import { PresenterHandoutLink } from './HandoutLink';
import { InvitedSettings } from './InvitedSettings';
import { LessonPosition } from './LessonPosition';
import { MoreCue } from './MoreCue';
import { Narration } from './Narration';
import { NextScenario } from './NextScenario';
import { NextStepPreview } from './NextStepPreview';
import { PanelBoundary } from './PanelBoundary';
import { PlaybackControls } from './PlaybackControls';
import { PresenterButtons } from './PresenterButtons';
import { QuizPanel } from './QuizPanel';
import { revealInView, revealSideways, scrollBehavior } from './revealInView';
import { ScenarioPicker } from './ScenarioPicker';
import { ScrollColumn } from './ScrollColumn';
import { SpeakerNotes } from './SpeakerNotes';
import { StatsStrip } from './StatsStrip';
import { useMediaQuery } from './useMediaQuery';
import { useMoreBelow } from './useMoreBelow';
import { useQuiz } from './useQuiz';
import { usePresenter } from './usePresenter';
import { useSandbox } from './storeContext';
import { selectStepCount } from '../store/selectors';
import { WhenToUsePoints } from './WhenToUsePoints';

/** When the stage is one column the page scrolls: the media query of `teaching.css`. */
const ONE_COLUMN = '(max-height: 600px), (max-width: 1000px)';
/** A 4:3 to 16:10 screen (1024x768, 1280x800, a 1400x1050 projector): the diagram at the
 *  stage's full width under the words, its labels 14 px at least (`presenterFourThree.css`, the
 *  same query). */
const FOUR_THREE = '(min-width: 1001px) and (min-height: 601px) and (max-aspect-ratio: 16/10)';

/** Brings the open quiz question in `column` (its text and choices) into view, if there is one. */
const revealOpenQuestion = (column: Element | null) => {
  const question = column?.querySelector('[data-testid="quiz.question"]')?.parentElement;
  if (question) revealInView(question, 'auto');
};

/**
 * Presenter mode: one screen for a room. The narration in large type beside the diagram, the
 * next press previewed, speaker notes on demand; settings (but the fixes the scenario invites),
 * consoles and secondary panels hidden.
 * With quiz mode on, its question stays on screen, so the room can answer before the reveal.
 * The words' column scrolls when a long list (the closing points) outgrows the screen. The
 * picture's column gives the diagram's room to the next line and the notes first; only where even
 * the smallest diagram leaves them too little (a screen narrower than 1280 px, where the stats
 * take more rows, or a notice above the stage) does it scroll too, said as the words' column says it.
 */
export function PresenterView() {
  const isQuizOn = useQuiz((s) => s.isEnabled);
  const revision = useSandbox((s) => s.revision);
  const isOneColumn = useMediaQuery(ONE_COLUMN);
  const isFourThree = useMediaQuery(FOUR_THREE) && !isOneColumn;
  // Words that outgrow the screen scroll: the column says so where it cuts them (a projector, a
  // storyboard's frame), rather than end mid-sentence with nothing to tell there is more.
  const [words, isMoreBelow, , isMoreAbove] = useMoreBelow<HTMLDivElement>(
    `${revision} ${isQuizOn} ${isOneColumn}`,
  );
  // Each step's words start at the column's top, as a new slide does: a column left scrolled
  // down (to the last question, a verdict) showed the next beat's narration from its middle, its
  // title and first sentences above the screen. A layout effect, so the quiz's own scroll to a
  // question or verdict (an effect after it) still has the last word.
  useLayoutEffect(() => {
    if (words.current) words.current.scrollTop = 0;
  }, [revision, words]);
  const areNotesShown = usePresenter((s) => s.areNotesShown);
  const [picture, isPictureCut, isPictureScrollable] = useMoreBelow<HTMLDivElement>(
    `${revision} ${areNotesShown} ${isOneColumn} ${isFourThree}`,
  );
  // On a 4:3 screen the comparison, the next press and the notes sit beside the words, under the
  // stats: where many stats (write-behind's) leave them too little room, that column scrolls,
  // rather than push the diagram below the screen.
  const [side, isSideCut, isSideScrollable] = useMoreBelow<HTMLDivElement>(
    `${revision} ${areNotesShown} ${isFourThree}`,
  );
  // A fix chosen with the arrow keys keeps focus, and the narration above its list grows with
  // what the run now does ("The run left the script ..."): the list is kept in view. The page's
  // scroll anchoring did it while the diagram lay below; above, it anchors on the diagram.
  useLayoutEffect(() => {
    const active = document.activeElement;
    if (!isOneColumn || !(active instanceof HTMLSelectElement)) return;
    if (words.current?.contains(active)) revealInView(active, 'auto');
  }, [revision, isOneColumn, words]);
  // Zoomed in (125% to 200% of 1280x720), the stage is one column the page scrolls, and the
  // diagram lies below the screen: a clicker, whose keys step, could not scroll to what a step
  // drew there. So each step or step back brings the diagram into view, and the narration with
  // it: one column puts the narration right under the diagram (it was above the stats, and
  // scrolled off the top as the diagram came in, so the room saw the picture but not what
  // happened), as much of it as fits, its title and first lines at least; where both fit, what is
  // above (the row's badges) shows too. Not a setting changed (its select keeps focus) nor a
  // scenario opened (its intro is read first). A layout effect, so a quiz question or verdict
  // brought into view (an effect after it) wins.
  const scenarioId = useSandbox((s) => s.scenarioId);
  const stepCount = useSandbox(selectStepCount);
  const shown = useRef({ scenarioId, stepCount });
  useLayoutEffect(() => {
    const before = shown.current;
    shown.current = { scenarioId, stepCount };
    if (before.scenarioId !== scenarioId || before.stepCount === stepCount) return;
    if (!window.matchMedia?.(ONE_COLUMN).matches) return;
    const diagram = picture.current?.querySelector('.diagram');
    const narration = words.current?.querySelector('.narration') ?? undefined;
    if (!diagram) return;
    // At 400% (320x180) the diagram alone is taller than the screen, and showing its top left
    // the command just drawn lower down (a fill, a read's GET) below it: the newest command's
    // labels are brought into view instead (its backings: the dots that travel rest at the
    // drawing's corner), the narration under them where it fits, and the diagram, which scrolls
    // sideways there, brings them in from its right.
    const labels = [...diagram.querySelectorAll('[data-testid="diagram.newest"] .label-backing')];
    const isTallerThanScreen = diagram.getBoundingClientRect().height > window.innerHeight;
    if (!isTallerThanScreen || labels.length === 0) {
      revealInView(diagram, scrollBehavior(), narration);
      return;
    }
    revealSideways(diagram, labels, scrollBehavior());
    revealInView(labels[0], scrollBehavior(), narration);
  }, [scenarioId, stepCount, picture, words]);
  // Changing layout moves the columns, and a moved element loses focus (a quiz choice, a fix's
  // list, to the page's body): it gets it back, or its copy in the new layout does (the
  // Speaker notes button, drawn again under the words or beside them). Either is then brought
  // into view: one column puts the words and the notes under the diagram, below the screen (a
  // Hit at y 887 of 480), where the keyboard's place could not be seen. With focus elsewhere, an
  // open question is brought into view instead, as it was when it opened.
  const layoutName = isOneColumn ? 'one column' : isFourThree ? 'four-three' : 'wide';
  const stage = useRef<HTMLDivElement>(null);
  const layout = useRef({ layoutName, hasChanged: false, focused: null as Element | null });
  if (layout.current.layoutName !== layoutName)
    layout.current = { layoutName, hasChanged: true, focused: document.activeElement };
  useLayoutEffect(() => {
    const { hasChanged, focused } = layout.current;
    if (!hasChanged) return;
    layout.current.hasChanged = false;
    layout.current.focused = null;
    if (focused instanceof HTMLElement && document.activeElement === document.body) {
      const same = (el: HTMLElement) =>
        el.tagName === focused.tagName && el.textContent === focused.textContent;
      const again = focused.isConnected
        ? focused
        : [...(stage.current?.querySelectorAll<HTMLElement>(focused.tagName) ?? [])].find(same);
      again?.focus({ preventScroll: true });
    }
    const active = document.activeElement;
    if (active instanceof HTMLElement && stage.current?.contains(active))
      revealInView(active, 'auto');
    else revealOpenQuestion(words.current);
  }, [layoutName, words]);
  // Beside the diagram the words' column is as tall as the screen leaves it: a window resized
  // while a question is open (1280x800 to 1024x768) shrank it under the question, which had
  // opened in view and was left below its edge, the room seeing no choice. Not in one column,
  // where the column grows with its words and the page scrolls (the layout's change does it).
  useEffect(() => {
    const column = words.current;
    if (!column || isOneColumn) return;
    const observer = new ResizeObserver(() => revealOpenQuestion(column));
    observer.observe(column);
    return () => observer.disconnect();
  }, [isOneColumn, words]);
  // One column: the stats, the picture (comparison, diagram), the words under it, then the next
  // press and the notes, in that order for the keyboard and a screen reader too. Keyed, so the
  // columns move rather than being drawn again (the quiz keeps its verdict, the diagram its state).
  const nextAndNotes = [
    <NextStepPreview key="next" />,
    // The lesson's place in the course sits beside the Speaker notes button, in a row it leaves
    // empty: it takes no height from the diagram.
    <div className="presenter-footer" key="footer">
      <SpeakerNotes />
      <LessonPosition />
    </div>,
  ];
  const wordsColumn = (
    <div
      key="words"
      className="presenter-words"
      ref={words}
      role="region"
      aria-label="Narration, quiz and points"
      tabIndex={0}
    >
      {/* Scrolled down (to a question, a verdict), the step's first words and its title are
          above the screen: said over the top edge, as the cut at the bottom is. */}
      {isMoreAbove && <MoreCue where="above" testId="presenter.more-above" />}
      <PanelBoundary name="Narration">
        <Narration />
      </PanelBoundary>
      <InvitedSettings />
      {isQuizOn && (
        <PanelBoundary name="Quiz">
          <QuizPanel />
        </PanelBoundary>
      )}
      <NextScenario />
      <WhenToUsePoints />
      {isMoreBelow && <MoreCue where="below" testId="presenter.more-below" />}
    </div>
  );
  // The stats head the picture's column on screen, beside the narration's first lines: first in
  // the page's order too, in either layout, so Tab and a screen reader meet their "?" before the
  // narration and the quiz under them (after the quiz choices, Tab went up the screen to it, then
  // down to the notes). Not in the column that scrolls: the figures stay in view.
  const stats = (
    <div key="stats" className="presenter-stats">
      <PanelBoundary name="Statistics">
        <StatsStrip />
      </PanelBoundary>
    </div>
  );
  const compare = (
    <PanelBoundary key="compare" name="Cache vs database">
      <CacheVsDatabase />
    </PanelBoundary>
  );
  const sideColumn = (
    <ScrollColumn
      key="side"
      className="presenter-side"
      columnRef={side}
      name="Cache vs database, next press and speaker notes"
      isScrollable={isSideScrollable}
      isCut={isSideCut}
      cueTestId="presenter.side-more-below"
    >
      {compare}
      {nextAndNotes}
    </ScrollColumn>
  );
  const pictureColumn = (
    <ScrollColumn
      key="picture"
      className="presenter-picture"
      columnRef={picture}
      name="Diagram, next press and speaker notes"
      isScrollable={isPictureScrollable}
      isCut={isPictureCut}
      cueTestId="presenter.picture-more-below"
    >
      {!isFourThree && compare}
      <PanelBoundary name="Diagram">
        <Diagram />
      </PanelBoundary>
      {!isOneColumn && !isFourThree && nextAndNotes}
    </ScrollColumn>
  );
  return (
    <>
      {/* The stage places the page (each step brings its newest command into view): focus
          handed on here (Step to Back on the last step) does not scroll to the bar. */}
      <div className="controls-bar presenter-bar" data-scroll-own="">
        <ScenarioPicker />
        <PlaybackControls />
        <PresenterButtons />
        <PresenterHandoutLink />
      </div>
      <div className="presenter-stage" ref={stage}>
        {isOneColumn
          ? [
              stats,
              pictureColumn,
              wordsColumn,
              <div className="presenter-tail" key="tail">
                {nextAndNotes}
              </div>,
            ]
          : isFourThree
            ? [stats, wordsColumn, sideColumn, pictureColumn]
            : [stats, wordsColumn, pictureColumn]}
      </div>
    </>
  );
}
