/**
 * vis-timeline, loaded on first use (job-timeline.tsx): its "esnext" build, which imports moment,
 * vis-data, vis-util and the rest as packages (pinned in package.json) instead of carrying them
 * with core-js polyfills and ten of moment's locales as the standalone build does (the console
 * formats dates itself; the chunk went from 554 kB to 418 kB, its stylesheet now a file of its own).
 */
import 'vis-timeline/styles/vis-timeline-graph2d.min.css';

export { Timeline } from 'vis-timeline/esnext';
