import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { pageUnreachable } from './pageProbe';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** A loopback server answering every request with `status`; resolves to its base URL. */
const serve = (status: number): Promise<string> =>
  new Promise((done) => {
    server = createServer((_, res) => res.writeHead(status).end('page'));
    server.listen(0, '127.0.0.1', () => {
      const address = server!.address() as { port: number };
      done(`http://127.0.0.1:${address.port}`);
    });
  });

describe('pageUnreachable', () => {
  it('is null when the page answers', async () => {
    expect(await pageUnreachable(await serve(200))).toBeNull();
  });

  it('names the address and the status when the server answers with an error', async () => {
    const base = await serve(404);
    expect(await pageUnreachable(base)).toBe(`${base} answered HTTP 404`);
  });

  it('names the address and the reason when nothing listens there', async () => {
    const base = await serve(200);
    await new Promise<void>((done) => server!.close(() => done()));
    server = undefined;
    expect(await pageUnreachable(base)).toBe(`nothing answered at ${base} (ECONNREFUSED)`);
  });
});
