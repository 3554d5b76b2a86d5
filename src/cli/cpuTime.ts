/**
 * This process's CPU time so far, in milliseconds (every thread, user and system). Steadier
 * than the wall clock on a machine other processes load: a test that bounds how much work a
 * refusal costs, and the benchmark, read it rather than `performance.now()`.
 */
export const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
