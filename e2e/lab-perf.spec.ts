import { writeFileSync } from 'node:fs';
// Init scripts and tracing on its own page, in a new context.
import { expect, freshContextTest as test } from './fixtures';

const mode = process.env.LAB_PERF;

// A 1,000,000-request run in the page: every main-thread task stays under 50 ms while it runs,
// and the charts keep answering the pointer. Long tasks come from the Long Tasks API (it reports
// tasks of 50 ms and more); the longest task under that is bounded by the largest gap between
// two turns of a MessageChannel heartbeat; pointer responsiveness is the Event Timing API's
// longest event duration. The figures go to test-results/lab-perf.json for the README.
//
// A heavy measurement (minutes of CPU): it runs only when asked, so `npm test` stays fast:
// `LAB_PERF=1 npx playwright test e2e/lab-perf.spec.ts --workers 1`.
// It asserts every main-thread task's CPU time (from a trace) under 50 ms, and the same in wall
// time (the Long Tasks API). Wall time stretches on a machine busy with other work, for reasons
// of no concern to the page; LAB_PERF=cpu asserts the CPU budget only, for such a machine.

declare global {
  interface Window {
    __labPerf: {
      longTasks: { start: number; duration: number }[];
      events: { name: string; duration: number }[];
      maxGapMs: number;
      gaps: number;
      isBeating: boolean;
      /** When the summary last showed a finished run, and when a chart last drew (page ms). */
      runShownAt: number;
      chartDrawnAt: number;
    };
  }
}

test.setTimeout(600_000);

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** The renderer main thread's tasks in a Chromium trace: how many, and the longest in CPU time. */
function mainThreadTasks(trace: Buffer): {
  count: number;
  longestCpuMs: number;
  over10Cpu: number;
  over20Cpu: number;
  over50Cpu: number;
} {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const mains = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const tasks = events.filter(
    (e) => e.name === 'RunTask' && e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`),
  );
  const cpuMs = tasks.map((t) => (t.tdur ?? 0) / 1000);
  return {
    count: tasks.length,
    longestCpuMs: Number(cpuMs.reduce((m, ms) => Math.max(m, ms), 0).toFixed(1)),
    over10Cpu: cpuMs.filter((ms) => ms >= 10).length,
    over20Cpu: cpuMs.filter((ms) => ms >= 20).length,
    over50Cpu: cpuMs.filter((ms) => ms >= 50).length,
  };
}

test('a 1,000,000-request run keeps every main-thread task under 50 ms', async ({
  page,
  lab,
  browser,
}) => {
  test.skip(mode !== '1' && mode !== 'cpu', 'a measurement: run with LAB_PERF=1 (or LAB_PERF=cpu)');
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.addInitScript(() => {
    const perf = {
      longTasks: [],
      events: [],
      maxGapMs: 0,
      gaps: 0,
      isBeating: false,
      runShownAt: 0,
      chartDrawnAt: 0,
    } as Window['__labPerf'];
    window.__labPerf = perf;
    // The summary and each chart's slot say by aria-busy whether they show the ended run.
    new MutationObserver((records) => {
      for (const { target } of records) {
        const element = target as Element;
        if (element.getAttribute('aria-busy') !== 'false') continue;
        if (element.matches('.lab-summary')) perf.runShownAt = performance.now();
        else if (element.matches('.lab-chart-slot')) perf.chartDrawnAt = performance.now();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        perf.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) perf.events.push({ name: e.name, duration: e.duration });
    }).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
    const channel = new MessageChannel();
    let last = 0;
    channel.port1.onmessage = () => {
      if (!perf.isBeating) return;
      const now = performance.now();
      if (last) {
        perf.maxGapMs = Math.max(perf.maxGapMs, now - last);
        perf.gaps++;
      }
      last = now;
      // Pace the heartbeat with a timer so it measures gaps without hogging the thread.
      setTimeout(() => channel.port2.postMessage(null), 4);
    };
    (window as unknown as { __startBeat: () => void }).__startBeat = () => {
      perf.isBeating = true;
      last = 0;
      channel.port2.postMessage(null);
    };
  });
  await lab.open();
  await lab.field('Requests').fill('1000000');
  for (const [kind, start, lasts] of [
    ['Cache down', '300', '60'],
    ['Slow database', '650', '120'],
  ]) {
    await lab.select('Fault').selectOption({ label: kind });
    await lab.field('Starts at (s)').fill(start);
    await lab.field('Lasts (s)').fill(lasts);
    await page.getByRole('button', { name: 'Add fault' }).click();
  }

  // Locators are resolved before the trace starts: resolving a role locator walks the page's
  // accessibility tree, a task of the test's own that is no concern of the page.
  const runButton = await lab.runButton.elementHandle();
  const figure = await lab.chart('Hit rate over time').elementHandle();
  if (!runButton || !figure) throw new Error('the lab has no Run button or hit-rate chart');

  // A trace of the page's main thread gives each task's CPU time as well as its wall time.
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      // LAB_PERF_PROFILE=1 samples the JavaScript too (it costs CPU: not for the figures).
      ...(process.env.LAB_PERF_PROFILE ? ['disabled-by-default-v8.cpu_profiler'] : []),
    ],
  });
  const startedAt = await page.evaluate(() => {
    (window as unknown as { __startBeat: () => void }).__startBeat();
    return performance.now();
  });
  await runButton.click();
  await page.waitForFunction(() => document.querySelector('.lab-progress progress') !== null);
  // Hover the hit-rate chart while the run streams in: its tooltip must keep up.
  const chart = await figure.waitForSelector('[role="application"]', { timeout: 60_000 });
  const box = await chart.boundingBox();
  const hoverFrom = await page.evaluate(() => performance.now());
  if (box)
    for (let i = 1; i <= 10; i++)
      await page.mouse.move(box.x + (box.width * i) / 12, box.y + box.height / 2, { steps: 4 });
  // Leave the pointer on the chart: its tooltip stays open and follows every redraw.
  const hoverTo = await page.evaluate(() => performance.now());
  // Wait for the end with a plain query once a second: Playwright's own polling of a role
  // locator walks the page's whole accessibility tree, a 50 ms task of the test's, not the page's.
  await page.waitForFunction(
    () => document.querySelector('.lab-runbar [role="status"]')?.textContent?.includes('Finished'),
    undefined,
    { timeout: 540_000, polling: 1000 },
  );
  // The charts redraw the whole run after "Finished", each on its own schedule: the trace and
  // the figures cover those redraws too, until no chart is busy, two animation frames have
  // passed and the main thread has been quiet (no long task) for a second.
  await page.waitForFunction(
    () => document.querySelector('.lab-charts [aria-busy="true"]') === null,
    undefined,
    { timeout: 120_000, polling: 250 },
  );
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let quietSince = performance.now();
        const tick = () => {
          const last = window.__labPerf.longTasks.at(-1);
          if (last && last.start + last.duration > quietSince)
            quietSince = last.start + last.duration;
          if (performance.now() - quietSince >= 1000) resolve();
          else setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(tick)), 100);
        };
        requestAnimationFrame(() => requestAnimationFrame(tick));
      }),
  );
  const endedAt = await page.evaluate(() => performance.now());
  const trace = await browser.stopTracing();
  // LAB_PERF_TRACE=path keeps the trace, to see what the longest tasks were made of.
  if (process.env.LAB_PERF_TRACE) writeFileSync(process.env.LAB_PERF_TRACE, trace);
  const cpu = mainThreadTasks(trace);
  await lab.statusSays('Finished: 1,000,000 requests');
  const perf = await page.evaluate(() => window.__labPerf);
  const during = perf.longTasks.filter((t) => t.start >= startedAt && t.start <= endedAt);
  const figures = {
    requests: 1_000_000,
    wallSeconds: Number(((endedAt - startedAt) / 1000).toFixed(1)),
    longTasksOver50ms: during.length,
    longestLongTaskMs: during.reduce((m, t) => Math.max(m, t.duration), 0),
    mainThreadTasks: cpu.count,
    longestTaskCpuMs: cpu.longestCpuMs,
    tasksOver10msCpu: cpu.over10Cpu,
    tasksOver20msCpu: cpu.over20Cpu,
    tasksOver50msCpu: cpu.over50Cpu,
    longestHeartbeatGapMs: Number(perf.maxGapMs.toFixed(1)),
    heartbeats: perf.gaps,
    hoverMs: [Math.round(hoverFrom - startedAt), Math.round(hoverTo - startedAt)],
    longTasks: during.map((t) => [Math.round(t.start - startedAt), Math.round(t.duration)]),
    slowestPointerEventMs: perf.events.reduce((m, e) => Math.max(m, e.duration), 0),
    // From the summary showing the finished run to the last chart drawing it.
    lastChartDrawnAfterRunMs: Math.round(perf.chartDrawnAt - perf.runShownAt),
  };
  writeFileSync('test-results/lab-perf.json', JSON.stringify(figures, null, 2) + '\n');
  console.log('lab perf', JSON.stringify(figures));

  await page.mouse.move(0, 0);
  await lab.chartsSettled();
  await page.evaluate(() => window.scrollTo(0, 0));
  // The README's screenshot is refreshed by the measuring run on a quiet machine.
  await page.screenshot({
    path: mode === '1' ? 'e2e/screenshots/lab.png' : 'test-results/lab.png',
    fullPage: true,
  });

  test.info().annotations.push({ type: 'lab-perf', description: JSON.stringify(figures) });
  expect(cpu.over50Cpu, 'main-thread tasks using 50 ms of CPU or more').toBe(0);
  if (mode === '1') expect(during, 'main-thread tasks of 50 ms or more during the run').toEqual([]);
});
