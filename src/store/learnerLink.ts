import type { LearnerPath } from '../engine/programs/learner';
import { check } from '../schema/fields';
import { codeLinkSchema, MAX_PROGRAM_CHARS } from './apiArguments';

/**
 * A learner's code in a link: the drafts as JSON, deflated and base64url-encoded, in the hash
 * (`#code=...`), where the sandbox's own URL sync leaves it alone. Code that arrives this way is
 * shown and runs only when the learner presses Run.
 */
export const CODE_HASH_PREFIX = '#code=';
/** Longest link payload read back (a class's solution, not a book). */
const MAX_PAYLOAD = 64 * 1024;

type Drafts = Partial<Record<LearnerPath, string>>;

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream) {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

const toBase64Url = (bytes: Uint8Array): string => {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64Url = (text: string): Uint8Array => {
  const raw = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
};

export async function encodeCode(drafts: Drafts): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(drafts));
  return toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/**
 * Most bytes a link's code inflates to: both paths at their limit, as JSON, with room to spare.
 * A character may take 6 bytes there (a control character is written `\u0001`, a CJK one takes
 * 3 in UTF-8): at 4 bytes for both paths in all, two programs the editors accept, with CJK
 * comments, made a link of 1,450 characters that the page it was opened in refused.
 */
const MAX_INFLATED_BYTES = 2 * 6 * MAX_PROGRAM_CHARS + 1024;

/** Inflates at most `limit` bytes: a small link cannot unpack into megabytes (a zip bomb). */
async function inflate(bytes: Uint8Array, limit: number): Promise<Uint8Array | null> {
  const reader = new Blob([bytes as BlobPart])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'))
    .getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The `#code=` hash of the drafts, or why no link can carry them: one longer than a link's
 * payload may be would be refused where it is opened ("the code is N characters long"), so it is
 * refused here, where the code can still be shortened (code that deflates poorly: data, or
 * characters outside ASCII, each written as several bytes).
 */
export async function codeLinkHash(drafts: Drafts): Promise<{ hash: string } | { error: string }> {
  const payload = await encodeCode(drafts);
  if (payload.length > MAX_PAYLOAD)
    return {
      error: `Not shared: your code makes a link of ${payload.length.toLocaleString('en-US')} characters, and a link carries at most ${MAX_PAYLOAD.toLocaleString('en-US')}, so the page it is opened in would not load it. Shorten the code (a long string or data in it deflates poorly) and share it again.`,
    };
  return { hash: `${CODE_HASH_PREFIX}${payload}` };
}

/**
 * What a `#code=` hash carries: the drafts, why they could not be read (for a notice; nothing
 * runs), or null when the hash holds no code. The drafts are checked by `codeLinkSchema`.
 */
export async function readCodeLink(
  hash: string,
): Promise<{ drafts: Drafts } | { error: string } | null> {
  if (!hash.startsWith(CODE_HASH_PREFIX)) return null;
  const payload = hash.slice(CODE_HASH_PREFIX.length);
  if (payload.length === 0) return null;
  if (payload.length > MAX_PAYLOAD)
    return {
      error: `the code is ${payload.length} characters long; a link carries at most ${MAX_PAYLOAD}`,
    };
  let parsed: unknown;
  try {
    const json = await inflate(fromBase64Url(payload), MAX_INFLATED_BYTES);
    if (json === null)
      return { error: `the code unpacks to more than ${MAX_INFLATED_BYTES} bytes` };
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return { error: 'it is not code this page wrote (it could not be unpacked)' };
  }
  const checked = check(codeLinkSchema, parsed);
  if (!checked.ok) return { error: checked.refusals[0].text };
  const drafts: Drafts = {};
  for (const path of ['read', 'write'] as const) {
    const source = checked.value[path];
    if (source !== undefined) drafts[path] = source;
  }
  return { drafts };
}

/** The drafts a `#code=` hash carries, or null (with nothing run) when it holds none it can read. */
export async function decodeCode(hash: string): Promise<Drafts | null> {
  const read = await readCodeLink(hash);
  return read !== null && 'drafts' in read ? read.drafts : null;
}
