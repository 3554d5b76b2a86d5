// Makes sure the tests that compare with a real Redis have Debian's redis-server. On Debian as
// root it installs the package; elsewhere it says in one line how to get one, and the tests that
// need it report themselves as skipped with the reason (the rest still run).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && existsSync('/etc/debian_version')) {
  console.log('No redis-server found: installing Debian package "redis-server" with apt-get ...');
  execSync(
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server',
    { stdio: 'inherit' },
  );
  if (existsSync(path)) process.exit(0);
}
console.warn(
  'No redis-server: the tests against a real Redis will be skipped. Install one (Debian: `sudo apt-get install redis-server`) or set REDIS_SERVER_PATH.',
);
