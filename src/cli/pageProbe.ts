/**
 * Whether a page answers at `base` before a browser is pointed at it: null when it answers
 * (any HTTP status below 400), else a sentence saying what went wrong, for a command's user.
 */
export async function pageUnreachable(base: string, timeoutMs = 5000): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch(base, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why =
      (e as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s`
        : (cause?.code ?? cause?.message ?? (e as Error).message);
    return `nothing answered at ${base} (${why})`;
  }
  await response.body?.cancel();
  return response.status >= 400 ? `${base} answered HTTP ${response.status}` : null;
}
