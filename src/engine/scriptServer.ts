import type { ScriptTouched } from './cacheScripts';
import { scriptsOf, type CacheState } from './cacheState';
import { defaultCjsonConfig } from './luaCjson';
import { Lrand48 } from './luaRandom';

/**
 * What the server keeps for scripts (EVAL, EVALSHA) beyond the keyspace: the one generator every
 * script's `math.random` draws from and the settings of every script's global `cjson`, as a
 * redis-server has them, which a restart starts afresh; and what each connection's last script
 * changed, until the adapter records its reply.
 */
export class ScriptServer {
  /** The generator every script's `math.random` draws from, as a redis-server has one. */
  random = new Lrand48();
  /** The settings of every script's global `cjson`, the server's as on Redis 7.0 (luaCjson.ts). */
  cjsonConfig = defaultCjsonConfig();
  /** What the last script sent on each connection changed, until its reply is recorded. */
  readonly touched = new WeakMap<object, ScriptTouched>();

  /** A restart: the new server's generator and `cjson` settings are a fresh server's. */
  restart(): void {
    this.random = new Lrand48();
    this.cjsonConfig = defaultCjsonConfig();
  }

  /** What the last script sent on `conn` changed (undefined: none), forgotten once taken. */
  takeTouched(conn: object | undefined): ScriptTouched | undefined {
    if (conn === undefined) return undefined;
    const touched = this.touched.get(conn);
    this.touched.delete(conn);
    return touched;
  }

  /** The generator, the settings and each connection's scripts as data, for the checkpoint. */
  saveState(
    connections: Iterable<[actor: string, conn: object]>,
  ): Pick<CacheState, 'scriptRandom' | 'cjsonConfig' | 'scripts'> {
    return {
      scriptRandom: this.random.saveState(),
      cjsonConfig: { ...this.cjsonConfig },
      scripts: [...connections]
        .map(([actor, conn]): [string, Record<string, string>] => [actor, { ...scriptsOf(conn) }])
        .filter(([, scripts]) => Object.keys(scripts).length > 0),
    };
  }

  /** Puts a {@link saveState} back; `connection` opens (or finds) an actor's connection. */
  loadState(
    state: Pick<CacheState, 'scriptRandom' | 'cjsonConfig' | 'scripts'>,
    connection: (actor: string) => object,
  ): void {
    this.random.loadState(state.scriptRandom);
    this.cjsonConfig = { ...state.cjsonConfig };
    // ioredis-mock keeps EVAL's scripts per connection, for EVALSHA: each actor gets its own back.
    for (const [actor, scripts] of state.scripts)
      Object.assign(scriptsOf(connection(actor)), scripts);
  }
}
