import type { ReactNode, RefObject } from 'react';
import { MoreCue } from './MoreCue';

/**
 * A presenter column that scrolls only where its content outgrows it (the picture's column, the
 * one beside the words on a 4:3 screen). While it scrolls it is a named Tab stop, so the keyboard
 * reaches what lies at its end, and it says where it cuts; otherwise it is a plain box, one Tab
 * stop fewer.
 */
export function ScrollColumn({
  className,
  columnRef,
  name,
  isScrollable,
  isCut,
  cueTestId,
  children,
}: {
  className: string;
  columnRef: RefObject<HTMLDivElement | null>;
  /** What it holds, said where it scrolls. */
  name: string;
  isScrollable: boolean;
  isCut: boolean;
  cueTestId: string;
  children: ReactNode;
}) {
  return (
    <div
      className={className}
      ref={columnRef}
      role={isScrollable ? 'region' : undefined}
      aria-label={isScrollable ? name : undefined}
      tabIndex={isScrollable ? 0 : undefined}
    >
      {children}
      {isCut && <MoreCue where="below" testId={cueTestId} />}
    </div>
  );
}
