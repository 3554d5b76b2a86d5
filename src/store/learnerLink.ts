import type { LearnerPath } from '../engine/programs/learner';

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

/** The drafts a `#code=` hash carries, or null (with nothing run) when it holds none. */
export async function decodeCode(hash: string): Promise<Drafts | null> {
  if (!hash.startsWith(CODE_HASH_PREFIX)) return null;
  const payload = hash.slice(CODE_HASH_PREFIX.length);
  if (payload.length === 0 || payload.length > MAX_PAYLOAD) return null;
  try {
    const json = await pipe(fromBase64Url(payload), new DecompressionStream('deflate-raw'));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(json));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const drafts: Drafts = {};
    for (const path of ['read', 'write'] as const) {
      const v = (parsed as Record<string, unknown>)[path];
      if (typeof v === 'string') drafts[path] = v;
    }
    return Object.keys(drafts).length > 0 ? drafts : null;
  } catch {
    return null;
  }
}
