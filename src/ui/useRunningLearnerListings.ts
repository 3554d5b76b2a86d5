import { useMemo } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { LearnerPath } from '../engine/programs/learner';
import type { LearnerStore } from '../store/learnerStore';
import { useLearnerApi } from './learnerContext';
import { learnerListing } from './learnerListing';
import type { ProgramListing } from './programSources';

/** Stands in where the page provides no learner store: nothing of the learner's runs. */
const NONE = createStore(() => ({ running: { read: null, write: null } }));
const selectRunning = (s: Pick<LearnerStore, 'running'>) => s.running;

/** Listings of the learner's programs now running in the sandbox (undefined: ours run). */
export function useRunningLearnerListings(): Partial<Record<LearnerPath, ProgramListing>> {
  const api = useLearnerApi();
  const running = useStore(api ?? NONE, selectRunning);
  return useMemo(
    () => ({
      ...(running.read !== null ? { read: learnerListing('your read path', running.read) } : {}),
      ...(running.write !== null
        ? { write: learnerListing('your write path', running.write) }
        : {}),
    }),
    [running],
  );
}
