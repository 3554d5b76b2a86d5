import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Makes `path` and any folder above it that is missing, one `mkdir` at a time, and returns the
 * first folder it made (undefined: `path` was there), as `mkdirSync(path, { recursive: true })`
 * does. Not that call itself: Node 20's recursive mkdir spins for ever where a folder above
 * exists but refuses children with ENOENT (`/proc/x`); a plain mkdir throws there.
 */
export function makeFolders(path: string): string | undefined {
  const missing: string[] = [];
  for (let at = resolve(path); ; at = dirname(at)) {
    try {
      statSync(at);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(at) === at) throw e;
      missing.unshift(at);
    }
  }
  for (const [i, folder] of missing.entries()) {
    try {
      mkdirSync(folder);
    } catch (e) {
      if (i > 0) rmSync(missing[0], { recursive: true, force: true });
      throw e;
    }
  }
  return missing[0];
}

/**
 * Why files cannot be written into folder `dir` (made if missing), in the system's words, or
 * null when they can. Only trying tells: `access()` says yes to root in `/proc`, and a read-only
 * mount or a full disk answers only a write. Whatever the try made is removed again.
 */
export function whyFolderUnwritable(dir: string): string | null {
  let made: string | undefined;
  try {
    made = makeFolders(dir);
    rmSync(mkdtempSync(join(resolve(dir), '.write-check-')), { recursive: true });
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    if (made !== undefined) rmSync(made, { recursive: true, force: true });
  }
}
