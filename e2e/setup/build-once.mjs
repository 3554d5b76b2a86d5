// The end-to-end run's build: `vite build` into the directory given, unless it already holds a
// whole build of the same inputs (see buildInputs.mjs), as it does after `.ci/run`'s
// `npm run build`.
import { spawnSync } from 'node:child_process';
import { isBuildCurrent } from './buildInputs.mjs';

const outDir = process.argv[2] ?? 'dist';
if (isBuildCurrent(process.cwd(), outDir)) {
  console.log(`e2e: ${outDir} is a build of these sources already; not building it again`);
  process.exit(0);
}
const build = spawnSync(
  'npx',
  ['vite', 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'],
  { stdio: 'inherit' },
);
process.exit(build.status ?? 1);
