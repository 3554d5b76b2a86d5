import { errorMessage } from '../engine/errorMessage';
/**
 * `npm run walkthrough -- <scenario-id|all> [--out DIR] [--url URL] [--set NAME=VALUE]...
 * [--link LINK]` (or `--help`): plays each scenario in the production build, in presenter mode
 * at 1280x720, with the Chromium the tests use, under the settings --set and --link name (none:
 * as authored), and writes a storyboard per scenario: a numbered PNG per beat (00 is the screen
 * before the first Step) and an index.html with each frame's narration, the next press and the
 * speaker notes. Without --url it builds the page (vite build) and serves it on a free loopback
 * port while it runs.
 */
import { SCENARIOS } from '../scenarios';
import { DEFAULT_OUT_DIR, parseWalkthroughArgs, walkthroughHelp } from './scriptOptions';

export { DEFAULT_OUT_DIR };

/** Resolves to the exit code: as `npm run sim`'s, 0 done (or --help), 2 a bad argument. */
async function main(): Promise<number> {
  const scenarioIds = SCENARIOS.map((s) => s.id);
  const args = parseWalkthroughArgs(process.argv.slice(2), scenarioIds);
  if (!args.ok) {
    console.error(`walkthrough: ${args.error}`);
    return 2;
  }
  if (args.help) {
    console.log(walkthroughHelp(scenarioIds));
    return 0;
  }
  // Playwright and Vite load only now: --help and a bad argument answer at once without them.
  const { runWalkthrough } = await import('./walkthroughRun');
  return runWalkthrough(args);
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(errorMessage(e));
    process.exitCode = 1;
  },
);
