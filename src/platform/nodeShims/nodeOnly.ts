// What the page's bundle of ioredis-mock gets for the Node modules its dependencies require only
// on Node's code paths (fengari's file and OS library, ioredis' TLS files): nothing. Those paths
// test for a `process` global first, and the page has none (see vite.config.ts).
export default {};
