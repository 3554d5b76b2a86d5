// What the page's build is made from, as one hash, and the stamp a build leaves with it.
//
// `.ci/run` builds the page (`npm run build`) and then `npm test` ran Playwright, whose web
// server built the same sources into the same directory again before serving them. The build
// now leaves a stamp of its inputs in its output directory; the end-to-end run builds only when
// the stamp is missing or differs, so it never serves a build of other sources than the ones
// it tests (a change to any file below builds again).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The stamp's file name inside the build's output directory. */
export const BUILD_STAMP = '.build-inputs';

// Every file a build can read: the sources and static files whole (tests included: a rebuild
// too many costs a build, one too few would test other code), the build's configuration, and
// the installed packages as npm recorded them.
const TREES = ['src', 'public'];
const FILES = [
  'index.html',
  'vite.config.ts',
  'tsconfig.json',
  'tsconfig.app.json',
  'tsconfig.node.json',
  'package.json',
  'package-lock.json',
  'node_modules/.package-lock.json',
  // vite.config.ts imports these, and the ioredis-mock transform from src (hashed above).
  'e2e/setup/unitWorkerDeaths.ts',
  'e2e/setup/buildInputs.mjs',
];

/**
 * A hash of every input of a build of `root` in `mode`: each file's path and bytes, and the
 * `VITE_` variables Vite puts in the page.
 */
export function buildInputsHash(root, mode = 'production') {
  const hash = createHash('sha256');
  hash.update(`mode ${mode}\n`);
  for (const [name, value] of Object.entries(process.env).sort(([a], [b]) => (a < b ? -1 : 1)))
    if (name.startsWith('VITE_')) hash.update(`env ${name}=${value}\n`);
  const paths = [...FILES];
  for (const tree of TREES) {
    const dir = join(root, tree);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const path = join(tree, entry);
      if (statSync(join(root, path)).isFile()) paths.push(path);
    }
  }
  for (const path of paths.sort()) {
    const full = join(root, path);
    const bytes = existsSync(full) ? readFileSync(full) : null;
    hash.update(`file ${relative(root, full)} ${bytes === null ? -1 : bytes.length}\n`);
    if (bytes !== null) hash.update(bytes);
  }
  return hash.digest('hex');
}

/** True when `outDir` holds a whole build (its stamp written last) of these very inputs. */
export function isBuildCurrent(root, outDir, mode = 'production') {
  const stamp = join(root, outDir, BUILD_STAMP);
  if (!existsSync(stamp) || !existsSync(join(root, outDir, 'index.html'))) return false;
  return readFileSync(stamp, 'utf8').trim() === buildInputsHash(root, mode);
}
