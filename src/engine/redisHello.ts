// HELLO [protover [AUTH username password] [SETNAME clientname]]: Redis 7.0's checks, in its
// order, and its reply from what this console is. The console speaks RESP2 only and keeps no
// name for a connection, so what would switch to RESP3 or set a name is refused, saying so.
// AUTH [username] password: the same login as HELLO's, on its own.

import {
  cString,
  optionWord,
  ok,
  out,
  parseInt64,
  SYNTAX_ERROR,
  type CommandContext,
  type CommandOutcome,
} from './redisCommandKit';
import { REDIS_VERSION_TEXT } from './redisInfo';

const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';

/** What the words of a HELLO ask for, once Redis' own checks pass. */
interface HelloRequest {
  protocol: bigint | null;
  name: string | null;
}

/** Redis' own error for a HELLO's words, or what they ask for. */
function parseHello(argv: readonly string[]): { error: string } | HelloRequest {
  let protocol: bigint | null = null;
  if (argv.length >= 2) {
    protocol = parseInt64(argv[1]);
    if (protocol === null)
      return { error: 'ERR Protocol version is not an integer or out of range' };
    if (protocol < 2n || protocol > 3n) return { error: 'NOPROTO unsupported protocol version' };
  }
  let name: string | null = null;
  for (let j = 2; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const option = optionWord(argv[j]);
    if (option === 'AUTH' && more >= 2) {
      // Redis logs in where it meets the option: a wrong user before a later option's error.
      // Like a fresh redis-server, the console's one user is `default`, with no password
      // (nopass): any password opens it, and any other name is no user.
      if (argv[j + 1] !== 'default') return { error: WRONGPASS };
      j += 2;
    } else if (option === 'SETNAME' && more >= 1) {
      name = argv[j + 1];
      // Redis checks the name where it meets it: a bad one before a later option's error.
      if (!isClientName(name))
        return { error: 'ERR Client names cannot contain spaces, newlines or special characters.' };
      j++;
    } else return { error: `ERR Syntax error in HELLO option '${cString(argv[j])}'` };
  }
  return { protocol, name };
}

/** Redis' `validateClientName`: empty, or printable ASCII without a space (bytes ! to ~). */
const isClientName = (name: string): boolean => /^[!-~]*$/.test(name);

/** Redis' own error for a HELLO's words (the registry's `check`). */
export function checkHello(argv: string[]): string | null {
  const parsed = parseHello(argv);
  return 'error' in parsed ? parsed.error : null;
}

/** What the console refuses of a HELLO whose words Redis accepts (the registry's `refuse`). */
export function refuseHello(argv: string[]): string | null {
  const parsed = parseHello(argv);
  if ('error' in parsed) return null;
  if (parsed.protocol === 3n)
    return 'ERR HELLO 3 is not supported in this console: it speaks RESP2 only, the protocol redis-cli prints here, and would not know how to show RESP3 maps, sets or doubles (HELLO and HELLO 2 answer)';
  if (parsed.name !== null && parsed.name !== '')
    return 'ERR HELLO SETNAME is not supported in this console: a connection here keeps no name (CLIENT SETNAME, GETNAME and LIST are not run), so the name would be set nowhere';
  return null;
}

/**
 * HELLO's map, as RESP2 sends it (a flat array of names and values): the protocol the console
 * speaks (2), the connection's id (`ctx.clientId`), no modules. The version is INFO's, which
 * says what answers it: no redis-server, a sandbox that answers as Redis 7.0.15 does.
 */
export function hello(ctx: CommandContext): CommandOutcome {
  return out([
    'server',
    'redis',
    'version',
    REDIS_VERSION_TEXT,
    'proto',
    2,
    'id',
    ctx.clientId,
    'mode',
    'standalone',
    'role',
    'master',
    'modules',
    [],
  ]);
}

/**
 * Redis' own error for an AUTH (the registry's `check`; its arity, -2, is checked before).
 * Like a fresh redis-server, the console's one user is `default` with no password (nopass):
 * AUTH of a password alone is Redis' warning that none is configured, any password opens
 * `default`, and any other name is no user.
 */
export function checkAuth(argv: string[]): string | null {
  if (argv.length > 3) return SYNTAX_ERROR;
  if (argv.length === 2)
    return 'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?';
  return argv[1] === 'default' ? null : WRONGPASS;
}

/** AUTH whose words passed {@link checkAuth}: `default` logged in, which changes nothing here. */
export const auth = (): CommandOutcome => out(ok());
