/**
 * Runs one in-process bench suite (bench/scenarios/index.ts) in this fresh process and prints its
 * results as JSON, with the process's peak RSS (the kernel's high-water mark, ru_maxrss): each
 * suite's memory figure is then its own, not the sum of the suites run before it.
 * Usage: node --import tsx bench/suite-child.ts "<suite name>" (bench/run.ts spawns it).
 */
import { suites } from './scenarios/index.js';

const name = process.argv[2];
const suite = suites.find((s) => s.name === name);
if (!suite) throw new Error(`no bench suite named '${name}'`);
const results = await suite.run();
const processPeakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`\n${JSON.stringify({ results, processPeakRssMb })}\n`);
