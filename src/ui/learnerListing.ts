import type { ProgramListing } from './programSources';

/** A learner's running program as the code panel lists it: its steps are labelled `line N`. */
export function learnerListing(file: string, source: string): ProgramListing {
  const lines = source
    .trimEnd()
    .split('\n')
    .map((text, i) => ({ number: i + 1, text }));
  return {
    file,
    lines,
    lineOfLabel: (label) => {
      const m = /^line (\d+)$/.exec(label);
      return m ? Number(m[1]) : null;
    },
  };
}
