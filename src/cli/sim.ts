// npm run sim: the workload from the command line (the flags: npm run sim -- --help).
import { runSim } from './simMain';

process.exitCode = await runSim(process.argv.slice(2));
