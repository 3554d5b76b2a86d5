/** Every keyboard shortcut of the sandbox: the keys, and what they do (the `?` dialog lists these). */
export const SHORTCUTS: readonly { keys: readonly string[]; does: string }[] = [
  {
    keys: ['→', 'Page Down'],
    does: "Step: the next beat of a scenario, or the next command (on the first screen: the course's first scenario; presenting, at a scenario's end: the next one)",
  },
  {
    keys: ['←', 'Page Up'],
    does: 'Back one step (a deterministic replay); at the start of a scenario → opened, back to where → was pressed',
  },
  { keys: ['Space'], does: 'Play or pause' },
  { keys: ['R'], does: 'Reset the run to its start' },
  { keys: ['P'], does: 'Presenter mode on or off (large type, diagram and narration only)' },
  { keys: ['N'], does: 'Speaker notes on or off (in presenter mode)' },
  {
    keys: ['L'],
    does: "Next lesson: the course's next scenario from its start, mid-lesson too (in presenter mode; from free play, the first)",
  },
  {
    keys: ['H'],
    does: 'Handout for this scenario, under the settings shown, in a new tab (in presenter mode; also the Handout link in its bar): to print or hand out',
  },
  {
    keys: ['B', '.'],
    does: "Blank the screen (in presenter mode; a clicker's blank button): any key shows it again",
  },
  {
    keys: ['Q'],
    does: "Quiz mode on or off: predict before each marked step (in presenter mode the score is the room's, apart from your own)",
  },
  {
    keys: ['1', '2', '3'],
    does: 'Answer the quiz question on screen with its first, second, third choice (and on to 9, as the numbers beside the choices say); focus stays where it is',
  },
  { keys: ['?'], does: 'This list of shortcuts' },
  { keys: ['Esc'], does: 'Close this list' },
  {
    keys: ['Esc'],
    does: 'Leave a focused list (a setting, the scenario picker) for the page: while a list has focus, its letters pick its options, so P, R, Q, N, L and H work once it is left',
  },
];
