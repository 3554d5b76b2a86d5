// The line probes' worker: parses a learner's source with Lezer and answers it with its probes
// (lineProbes.ts), so the page's thread never parses a program near the size limit itself.
import { addLineProbes } from './lineProbes';

/** The page asks: this source, probed. */
export interface ProbeRequest {
  id: number;
  source: string;
}

/** The worker answers with the probed source. */
export interface ProbeReply {
  id: number;
  probed: string;
}

addEventListener('message', (e: MessageEvent<ProbeRequest>) => {
  const { id, source } = e.data;
  postMessage({ id, probed: addLineProbes(source) } satisfies ProbeReply);
});
