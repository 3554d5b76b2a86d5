/** The error ioredis rejects a command with when it cannot reach the server. */
export const CONNECTION_ERROR = 'Connection is closed.';
/** Redis' reply to a write that would exceed maxmemory under `noeviction`. */
export const OOM_ERROR = "OOM command not allowed when used memory > 'maxmemory'.";
/**
 * An error reply that is Redis refusing a command for memory: its OOM error, or EXEC discarding
 * a transaction because of it. Told from the reply itself, so a real Redis' refusal counts too.
 */
export const isOomReply = (error: string): boolean =>
  error.startsWith('OOM ') || (error.startsWith('EXECABORT ') && error.includes(': OOM '));

/** Thrown (rejected) by {@link Cache.exec} when a command fails, as ioredis would reject. */
export class RedisCommandError extends Error {
  /** True when the command never reached the server (connection error). */
  readonly isConnectionError: boolean;
  constructor(message: string, isConnectionError: boolean) {
    super(message);
    this.name = 'RedisCommandError';
    this.isConnectionError = isConnectionError;
  }
}
