declare module 'ioredis-mock' {
  /** The subset of ioredis-mock's client that the engine uses; every command returns a promise. */
  export interface MockRedisClient {
    [command: string]: unknown;
    get(key: string): Promise<string | null>;
    set(key: string, value: string, ...args: (string | number)[]): Promise<'OK' | string | null>;
    del(...keys: string[]): Promise<number>;
    pttl(key: string): Promise<number>;
    ttl(key: string): Promise<number>;
    keys(pattern: string): Promise<string[]>;
    flushall(): Promise<'OK'>;
    multi(): { exec(): Promise<[Error | null, unknown][] | null> } & Record<string, unknown>;
    disconnect(): void;
    /** False once `disconnect()` was called. */
    connected: boolean;
  }
  const RedisMock: new (options?: {
    host?: string;
    port?: number;
    data?: object;
  }) => MockRedisClient;
  export default RedisMock;
}
