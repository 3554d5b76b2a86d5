import '../platform/ioredisMockGlobals';
import { loadSqlJsNode } from '../platform/sqlJsNode';
import { runWorkload, type WorkloadSummary } from '../engine/workload';
import { parseSimArgs, simHelp } from './args';

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

function describe(s: WorkloadSummary): string {
  const c = s.config;
  return [
    `cache-aside run: ${s.requests} requests over ${(s.virtualDurationMs / 1000).toFixed(1)} s virtual, seed ${c.seed}`,
    `  workload      ${c.keys} keys, zipf ${c.zipf}, ${c.rate} req/s, ${pct(c.readRatio)} reads, TTL ${c.ttl} s`,
    `  policy        write ${c.writePolicy}, read mitigation ${c.readMitigation}, max keys ${c.maxKeys || 'unbounded'} (${c.eviction})`,
    `  reads         ${s.reads}: GETs ${s.hits} hits, ${s.misses} misses, hit rate ${pct(s.hitRate)}`,
    `  latency model ${c.latencyModel}${c.latencyModel === 'lognormal' ? `, p99 ${c.latencyTail}x the median, stalls ${c.stallChance} of ops, mean ${c.stallMs} ms` : ''}; medians Redis ${c.cacheLatency}, DB read ${c.dbLatency}, DB write ${c.dbWriteLatency} ms`,
    `  writes        ${s.writes}`,
    `  database      ${s.dbReads} reads, ${s.dbWrites} writes`,
    `  staleness     ${s.staleReads} stale reads (${pct(s.staleReadRate)}), longest ${s.maxStalenessMs.toFixed(3)} ms; ${s.staleFills} stale fills`,
    `  cache         ${s.cachedKeys} keys cached, ${s.evictions} evictions, ${s.cacheErrors} errors, ${s.lostInvalidations} lost invalidations`,
    `  latency (ms)  mean ${s.latencyMs.mean.toFixed(3)}, p50 ${s.latencyMs.p50}, p99 ${s.latencyMs.p99}`,
  ].join('\n');
}

async function main(): Promise<number> {
  const parsed = parseSimArgs(process.argv.slice(2));
  if (!parsed.ok) {
    for (const e of parsed.errors) console.error(`sim: ${e}`);
    console.error('sim: see --help');
    return 2;
  }
  if (parsed.help) {
    console.log(simHelp());
    return 0;
  }
  const { summary } = await runWorkload(await loadSqlJsNode(), parsed.config);
  console.log(describe(summary));
  if (parsed.json) console.log(JSON.stringify(summary));
  return 0;
}

process.exitCode = await main();
