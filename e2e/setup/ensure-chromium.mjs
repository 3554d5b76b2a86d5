// Makes sure `npm run test:e2e` has a Chromium. On Debian as root it installs the
// `chromium-headless-shell` package (see find-chromium.mjs); elsewhere it says in one line how to
// get one, and fails.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { findChromium } from './find-chromium.mjs';

function playwrightOwn() {
  try {
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

if (findChromium() || playwrightOwn()) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && existsSync('/etc/debian_version')) {
  console.log(
    'No Chromium found: installing Debian package "chromium-headless-shell" with apt-get ...',
  );
  execSync(
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell',
    { stdio: 'inherit' },
  );
  if (findChromium()) process.exit(0);
}
console.error(
  'No Chromium for the end-to-end tests: install one (Debian: `sudo apt-get install chromium-headless-shell`) or set CHROMIUM_PATH to its executable.',
);
process.exit(1);
