// `npm run test:unit`: `vitest run` with the arguments given, then, only when its one failure was
// a worker that died before some files reported (no test failed, no other error: see
// unitWorkerDeaths.ts, which names them and how the worker ended), those files once more in a new
// worker, as Playwright retries a test once. The second run's result is the result.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

// unitWorkerDeaths.ts' LOST_FILES.
const LOST_FILES = 'node_modules/.cache/unit-lost-files.json';

const vitest = (args) =>
  spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args], {
    stdio: 'inherit',
  }).status ?? 1;

const status = vitest(process.argv.slice(2));
if (status === 0 || !existsSync(LOST_FILES)) process.exit(status);

const lost = JSON.parse(readFileSync(LOST_FILES, 'utf8'));
rmSync(LOST_FILES);
console.error(`unit: running the ${lost.length} file(s) the dead worker lost once more`);
process.exit(vitest(lost));
