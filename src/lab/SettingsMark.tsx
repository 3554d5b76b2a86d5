/**
 * Says which settings (or programs) results on screen ran with that the fields no longer say
 * (`resultsMark.ts`); rendered hidden, not left out, while they agree, so the status region
 * is there before its text is.
 */
export function SettingsMark({ text, testId }: { text: string | null; testId: string }) {
  return (
    <p className="lab-results-mark" role="status" data-testid={testId} hidden={!text}>
      {text}
    </p>
  );
}
