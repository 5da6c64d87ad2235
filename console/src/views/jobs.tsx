/** Jobs: the timeline of backup, copy, restore, scan and report jobs on the business clock. */
import type { ConsoleView } from './index.js';

function Jobs() {
  return <p>Jobs</p>;
}

export const jobsView: ConsoleView = { id: 'jobs', title: 'Jobs', Component: Jobs };
