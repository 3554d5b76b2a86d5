// ioredis-mock defines its scanStream class on `stream.Readable` when it loads; the page never
// calls scanStream, so a Readable that refuses to be made stands in for Node's (and for the
// 40 KB stream-browserify its browser bundle carries).
export class Readable {
  constructor() {
    throw new Error('streams (scanStream) are not available here');
  }
}

export default { Readable };
