// A real redis-server for the differential test: started on a free loopback port, spoken to
// in raw RESP2 (so every reply keeps its exact kind: status, error, integer, bulk, nil, array),
// and stopped afterwards. Node only: the differential test uses it.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisReply } from '../engine/redisCli';

export const REDIS_SERVER_PATH = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

export const hasRedisServer = (): boolean => existsSync(REDIS_SERVER_PATH);

/** Debian's redis-cli (package redis-tools, which redis-server depends on). */
export const REDIS_CLI_PATH = process.env.REDIS_CLI_PATH ?? '/usr/bin/redis-cli';

export const hasRedisCli = (): boolean => existsSync(REDIS_CLI_PATH);

/**
 * What redis-cli prints for one line typed at its prompt, as a terminal shows it (`--no-raw`):
 * the line is split, repeated and refused by redis-cli itself, sent to the server on `port`,
 * and each reply printed. Without the final newline.
 */
export function redisCliPrints(port: number, line: string): string {
  return redisCliSession(port, line).stdout;
}

/**
 * {@link redisCliPrints}, with what redis-cli wrote to stderr (without its final newline) and
 * its exit status, for the lines that end redis-cli itself.
 */
export function redisCliSession(
  port: number,
  line: string,
): { stdout: string; stderr: string; status: number | null } {
  const run = spawnSync(REDIS_CLI_PATH, ['-h', '127.0.0.1', '-p', String(port), '--no-raw'], {
    input: `${line}\n`,
    timeout: 10_000,
  });
  if (run.error) throw run.error;
  const text = (b: Buffer) => b.toString('utf8').replace(/\n$/, '');
  return { stdout: text(run.stdout), stderr: text(run.stderr), status: run.status };
}

/**
 * What redis-cli prints for each of `lines` typed one after another at one prompt (one
 * connection, so a MULTI stays open from one line to the next), as {@link redisCliPrints} says
 * it for one line. Between two lines redis-cli is given `help GETDEL`, which it answers itself
 * without sending anything (in MULTI too); the text it prints for it splits the transcript.
 * Each line must print something, and none may leave redis-cli's prompt or change its state
 * (quit, connect, a subscribe, SYNC, MONITOR).
 */
export function redisCliPrintsEach(port: number, lines: readonly string[]): string[] {
  const separator = redisCliPrints(port, 'help GETDEL');
  const { stdout } = redisCliSession(port, lines.join('\nhelp GETDEL\n'));
  const printed = stdout.split(`\n${separator}\n`);
  if (printed.length !== lines.length)
    throw new Error(`redis-cli printed ${printed.length} answers for ${lines.length} lines`);
  return printed;
}

/**
 * What redis-cli prints for each of `lines` typed one after another at one prompt, as
 * {@link redisCliPrints} says it for one line: one redis-cli for them all instead of one a line.
 * Unlike {@link redisCliPrintsEach}, a line may print nothing (a blank line, a count of 0): every
 * line is preceded and the last followed by `help GETDEL`, so each answer lies between two of its
 * texts. No line may leave redis-cli's prompt or change its state (quit, connect, a subscribe,
 * SYNC, MONITOR, SELECT).
 */
export function redisCliPrintsAll(port: number, lines: readonly string[]): string[] {
  if (lines.length === 0) return [];
  const separator = `${redisCliPrints(port, 'help GETDEL')}\n`;
  const typed = `${lines.map((line) => `help GETDEL\n${line}`).join('\n')}\nhelp GETDEL`;
  const printed = `${redisCliSession(port, typed).stdout}\n`.split(separator);
  if (printed.length !== lines.length + 2 || printed[0] !== '' || printed.at(-1) !== '')
    throw new Error(`redis-cli printed ${printed.length - 2} answers for ${lines.length} lines`);
  return printed.slice(1, -1).map((text) => text.replace(/\n$/, ''));
}

/** A port the OS says is free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Parses one RESP2 reply at `at`; null when the buffer does not hold all of it yet. */
function parse(buf: Buffer, at: number): [RedisReply, number] | null {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return null;
  const line = buf.toString('utf8', at + 1, eol);
  const next = eol + 2;
  switch (String.fromCharCode(buf[at])) {
    case '+':
      return [{ status: line }, next];
    case '-':
      return [{ error: line }, next];
    case ':': {
      const n = BigInt(line);
      const safe = n >= -(2n ** 53n) && n <= 2n ** 53n;
      return [safe ? Number(n) : { integer: line }, next];
    }
    case '$': {
      const len = Number(line);
      if (len < 0) return [null, next];
      if (buf.length < next + len + 2) return null;
      return [utf8.decode(buf.subarray(next, next + len)), next + len + 2];
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return [null, next];
      const items: RedisReply[] = [];
      let pos = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buf, pos);
        if (!item) return null;
        items.push(item[0]);
        pos = item[1];
      }
      return [items, pos];
    }
    default:
      throw new Error(`unexpected RESP byte ${buf[at]}`);
  }
}

/** One connection, one command at a time. */
export class RespClient {
  private buffer = Buffer.alloc(0);
  private waiting: ((reply: RedisReply) => void) | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.deliver();
    });
  }

  /** Hands the first whole reply in the buffer to the caller waiting for one, if any. */
  private deliver(): void {
    const parsed = this.waiting ? parse(this.buffer, 0) : null;
    if (!parsed || !this.waiting) return;
    this.buffer = this.buffer.subarray(parsed[1]);
    const resolve = this.waiting;
    this.waiting = null;
    resolve(parsed[0]);
  }

  static connect(port: number): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      socket.once('error', reject);
      socket.connect(port, '127.0.0.1', () => {
        socket.off('error', reject);
        socket.setNoDelay(true);
        resolve(new RespClient(socket));
      });
    });
  }

  /** Sends argv (UTF-8) and resolves to the reply. */
  call(argv: readonly string[]): Promise<RedisReply> {
    const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)];
    for (const arg of argv) {
      const bytes = Buffer.from(arg, 'utf8');
      parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
    }
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(Buffer.concat(parts));
    });
  }

  /**
   * Sends argv and resolves to the `count` replies Redis sends for it: `UNSUBSCRIBE a b`, outside
   * subscribe mode, gets one for each channel.
   */
  async callForReplies(argv: readonly string[], count: number): Promise<RedisReply[]> {
    const replies = [await this.call(argv)];
    while (replies.length < count)
      replies.push(
        await new Promise<RedisReply>((resolve) => {
          this.waiting = resolve;
          this.deliver();
        }),
      );
    return replies;
  }

  close(): void {
    this.socket.destroy();
  }
}

export interface RealRedis {
  port: number;
  client: RespClient;
  stop(): Promise<void>;
}

/**
 * Starts redis-server with no persistence on a free loopback port and connects to it. The port
 * was free when asked for, not when the server binds it: two test files starting servers at the
 * same moment can be told the same one, and the second server, unable to bind, exits while its
 * client connects to the first (both files then shared one keyspace, and replies looked shifted
 * by one). So the server that answers must be the one started here, by its process id, or the
 * start is tried again on another port.
 */
export async function startRedisServer(): Promise<RealRedis> {
  for (let attempt = 1; ; attempt++) {
    const started = await startRedisServerOn(await freePort());
    if (started !== null) return started;
    if (attempt === 5)
      throw new Error('redis-server did not start on a port of its own in 5 attempts');
  }
}

/**
 * Starts redis-server on `port` and connects to it: null when the server that answers there is
 * not the one started (another held the port), which is left running as it was.
 */
export async function startRedisServerOn(port: number): Promise<RealRedis | null> {
  // A directory of its own: a SYNC that Redis accepts (a parity line, a test) makes it save an
  // RDB file in its directory whatever `--save` says, and every server started later in the
  // same directory loaded it at start: a "fresh" server held another test's key (in CI, `npm run
  // sim -- --redis-url` found "1 key" in an empty database, and the file sat in the checkout).
  const dir = mkdtempSync(join(tmpdir(), 'cache-aside-redis-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const child: ChildProcess = spawn(
    REDIS_SERVER_PATH,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore', cwd: dir },
  );
  child.once('exit', removeDir);
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  let client: RespClient | null = null;
  for (let attempt = 0; attempt < 100 && !client && !hasExited(); attempt++) {
    try {
      client = await RespClient.connect(port);
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const info = client === null ? null : await client.call(['INFO', 'server']);
  const pid = typeof info === 'string' ? /^process_id:(\d+)\r?$/m.exec(info)?.[1] : undefined;
  if (client !== null && (hasExited() || pid !== String(child.pid))) {
    // Another server answered on this port (ours could not bind it): leave it alone.
    client.close();
    child.kill();
    return null;
  }
  if (!client) {
    child.kill();
    if (hasExited()) return null;
    throw new Error(`redis-server did not accept connections on port ${port}`);
  }
  const connected = client;
  return {
    port,
    client: connected,
    stop: () =>
      new Promise((resolve) => {
        connected.close();
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
