// The one part of Node's `crypto` ioredis-mock uses: `createHash('sha1')`, for EVAL and SCRIPT
// LOAD's script digests (EVALSHA looks scripts up by them). The page bundles ioredis-mock from
// its sources with this in place of crypto-browserify, which its prebuilt browser bundle carries
// whole (about 500 KB minified) for this one call.
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

interface Sha1Hash {
  update(data: string | Uint8Array): Sha1Hash;
  digest(encoding: 'hex'): string;
}

export function createHash(algorithm: string): Sha1Hash {
  if (algorithm !== 'sha1') throw new Error(`createHash('${algorithm}') is not available here`);
  const hash = sha1.create();
  const api: Sha1Hash = {
    update(data) {
      hash.update(typeof data === 'string' ? utf8ToBytes(data) : data);
      return api;
    },
    digest() {
      return bytesToHex(hash.digest());
    },
  };
  return api;
}

export default { createHash };
