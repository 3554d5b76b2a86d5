import { useMemo } from 'react';
import { selectActors, selectConfig, selectLastEvent } from '../store/selectors';
import { backgroundActor, PATTERN_INFO, writesUpdateOnly } from '../engine/programs/patterns';
import { CONSUMER_ACTION } from '../engine/programs/changeCapture';
import { CodeListing } from './CodeListing';
import { patternListings } from './programSources';
import { useSandbox } from './storeContext';
import { LearnerCode } from './LearnerCode';
import { useLearner, useLearnerApi } from './learnerContext';
import type { LearnerStore } from '../store/learnerStore';
import { useRunningLearnerListings } from './useRunningLearnerListings';
import { useIsQuestionOpen } from './useIsQuestionOpen';

type ListingName = 'read' | 'write' | 'consumer';

const selectIsEditorOpen = (s: LearnerStore) => s.isEditorOpen;

/** Opens and closes the learner's editors (kept in the learner store: a code link opens them). */
function EditToggle() {
  const api = useLearnerApi();
  const isEditing = useLearner(selectIsEditorOpen);
  return (
    <button type="button" aria-expanded={isEditing} onClick={() => api?.getState().toggleEditor()}>
      {isEditing ? 'Hide my code' : 'Edit the code'}
    </button>
  );
}

function EditorIfOpen() {
  return useLearner(selectIsEditorOpen) ? <LearnerCode /> : null;
}

/**
 * Which listing holds an actor's program: a background job's is in the file of the path that
 * starts it (the flusher in writeBehind.ts, the refresher's reload in refreshAhead.ts), or the
 * change log's consumer's own (changeCapture.ts).
 */
function listingOf(program: string | null, actor: string): ListingName | null {
  if (program === 'background')
    return actor === backgroundActor({ job: 'cdc' })
      ? 'consumer'
      : actor.startsWith('flusher')
        ? 'write'
        : 'read';
  return program === 'read' || program === 'write' ? program : null;
}

/**
 * The read path and the active write path, as the engine runs them, each actor's next line
 * marked with its name and the line that just ran outlined.
 */
export function CodePanel() {
  const config = useSandbox(selectConfig);
  const actors = useSandbox(selectActors);
  const last = useSandbox(selectLastEvent);
  const ours = useMemo(
    () =>
      patternListings(
        config.pattern,
        config.readMitigation,
        config.writePolicy,
        config.invalidation,
      ),
    [config.pattern, config.readMitigation, config.writePolicy, config.invalidation],
  );
  // The learner's own programs, when they run, are what the actors step through.
  const mine = useRunningLearnerListings();
  const read = mine.read ?? ours.read;
  const write = mine.write ?? ours.write;
  const hasLearner = useLearnerApi() !== null;
  // The lines the actors run next would answer an open question (four actors at the SELECT,
  // or all at the lock): marked again once it is answered or skipped.
  const isQuestionOpen = useIsQuestionOpen();
  const marks = (program: ListingName) =>
    isQuestionOpen
      ? []
      : actors
          .filter((a) => listingOf(a.program, a.name) === program && a.pending)
          .map((a) => ({ actor: a.name, label: a.pending?.label ?? '' }));
  const lastLabel = (program: ListingName) =>
    last && listingOf(last.program, last.actor) === program ? (last.endLabel ?? last.label) : null;
  return (
    <section className="panel code-panel" aria-label="Program code">
      <h2>
        Code the actors run
        {isQuestionOpen && (
          <span className="muted"> (their next lines: hidden until the question is answered)</span>
        )}
      </h2>
      {hasLearner && <EditToggle />}
      <div className="code-grid">
        <CodeListing
          title={`Read path · ${read.file}`}
          listing={read}
          marks={marks('read')}
          lastLabel={lastLabel('read')}
        />
        {ours.loader && !mine.read && (
          <CodeListing
            title={`Its loader, on a miss · ${ours.loader.file}`}
            listing={ours.loader}
            marks={marks('read')}
            lastLabel={lastLabel('read')}
          />
        )}
        <CodeListing
          title={
            mine.write || !PATTERN_INFO[config.pattern].usesPolicies
              ? `Write path · ${write.file}`
              : writesUpdateOnly(config.pattern, config.invalidation)
                ? `Write path (UPDATE only; the change log's consumer invalidates) · ${write.file}`
                : `Write path (${config.writePolicy}) · ${write.file}`
          }
          listing={write}
          marks={marks('write')}
          lastLabel={lastLabel('write')}
        />
        {ours.consumer && (
          <CodeListing
            title={`Change log's consumer: ${CONSUMER_ACTION[config.readMitigation]} · ${ours.consumer.file}`}
            listing={ours.consumer}
            marks={marks('consumer')}
            lastLabel={lastLabel('consumer')}
          />
        )}
      </div>
      {hasLearner && <EditorIfOpen />}
    </section>
  );
}
