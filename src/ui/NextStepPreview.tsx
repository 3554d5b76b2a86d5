import { useEffect, useState } from 'react';
import { describeNextStep } from '../store/nextStep';
import { useSandbox, useSandboxApi } from './storeContext';

/**
 * "next: B sends DEL user:123": what the next Step press will really send, found by playing it on
 * a copy of the run after every change (so it can never disagree with what Step then does).
 */
export function NextStepPreview() {
  const store = useSandboxApi();
  const revision = useSandbox((s) => s.revision);
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    store
      .getState()
      .previewNextStep()
      .then(
        (preview) => {
          if (isCurrent) setText(describeNextStep(preview));
        },
        () => {
          if (isCurrent) setText(null);
        },
      );
    return () => {
      isCurrent = false;
    };
  }, [store, revision]);
  if (text === null) return null;
  return (
    <p className="next-step" data-testid="presenter.next" aria-live="polite">
      {text}
    </p>
  );
}
