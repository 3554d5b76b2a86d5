import { ConsolePanel } from './ConsolePanel';
import type { RedisConsoleEntry } from '../store/sandboxState';
import { useSandbox, useSandboxApi } from './storeContext';
import { isRedisCliBlank, isRedisCliClear } from '../store/consoleFormat';
import { shownBlock } from '../store/shown';

/** Module level: one function for every render, so the transcript's window is kept between them. */
const redisReplyChars = (e: RedisConsoleEntry) => e.output.text.length;

/** A redis-cli look-alike: what it sends goes through the same logs and panels as the programs. */
export function RedisConsole() {
  const store = useSandboxApi();
  const entries = useSandbox((s) => s.redisConsole);
  return (
    <ConsolePanel
      title="Redis console"
      className="redis-console"
      prompt="redis>"
      inputLabel="Redis command"
      placeholder="GET user:123"
      buttonLabel="Send"
      entries={entries}
      renderOutput={(e) => (
        <pre className={e.output.isError ? 'console-reply error' : 'console-reply'}>
          {shownBlock(e.output.text)}
        </pre>
      )}
      outputChars={redisReplyChars}
      onRun={(line) => store.getState().runRedis(line)}
      pendingText="Waiting for the reply…"
      isClearLine={isRedisCliClear}
      isBlankLine={isRedisCliBlank}
      entriesOnceAnswered={async () => {
        await store.getState().settled();
        return store.getState().redisConsole;
      }}
      pastedBreaks="lines"
    />
  );
}
