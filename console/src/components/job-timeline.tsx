/**
 * The jobs on a vis-timeline, on the business clock: one lane per plan rule or per resource, each
 * job a bar from its creation to its completion (or to now while it runs), coloured by state, with
 * a backup job's start window behind it. The library is loaded on first use, apart from the rest.
 */
import { useEffect, useRef } from 'preact/hooks';
import type * as VisTimeline from './vis-timeline.js';
import type { JobRow } from '../lib/job-sources.js';

export type Grouping = 'rule' | 'resource';

export interface JobTimelineProps {
  jobs: JobRow[];
  now: Date;
  grouping: Grouping;
  /** Backup plan names by id (ListBackupPlans), for the lanes. */
  planNames: ReadonlyMap<string, string>;
  selected?: string;
  onSelect: (id: string) => void;
}

function laneOf(job: JobRow, grouping: Grouping, planNames: ReadonlyMap<string, string>): string {
  if (grouping === 'resource') return job.resourceName ?? job.resourceArn ?? `${job.type} jobs`;
  if (job.planId) return `${planNames.get(job.planId) ?? job.planId} / ${job.origin ?? ''}`;
  return job.origin ?? 'on demand';
}

type TimelineModule = typeof VisTimeline;
let loading: Promise<TimelineModule> | undefined;
const loadTimeline = (): Promise<TimelineModule> => (loading ??= import('./vis-timeline.js'));

export function JobTimeline({ jobs, now, grouping, planNames, selected, onSelect }: JobTimelineProps) {
  const box = useRef<HTMLDivElement>(null);
  const timeline = useRef<InstanceType<TimelineModule['Timeline']>>(undefined);
  const select = useRef(onSelect);
  select.current = onSelect;
  // The clock read at the last draw: a running clock moves the "now" line, not the whole drawing
  // (which is redrawn when the jobs are loaded again).
  const nowRef = useRef(now);
  nowRef.current = now;

  useEffect(() => {
    let cancelled = false;
    void loadTimeline().then(({ Timeline }) => {
      if (cancelled || !box.current) return;
      const now = nowRef.current;
      const lanes = [...new Set(jobs.map((j) => laneOf(j, grouping, planNames)))];
      const groups = lanes.map((id) => ({ id, content: id }));
      const items = jobs.flatMap((j) => {
          if (!j.created) return [];
          const end = j.completed ?? now;
          const bar = {
            id: j.id,
            group: laneOf(j, grouping, planNames),
            start: j.created,
            end: end.getTime() > j.created.getTime() ? end : new Date(j.created.getTime() + 1000),
            content: `${j.state} ${j.resourceName ?? j.type}`,
            title: `${j.type} job ${j.id}: ${j.state}${j.message ? ` (${j.message})` : ''}`,
            className: `job-${j.state}`,
            type: 'range',
          };
          const window =
            j.startBy && j.startBy.getTime() > j.created.getTime()
              ? [{ id: `${j.id}/window`, group: bar.group, start: j.created, end: j.startBy, type: 'background', className: 'window', content: '' }]
              : [];
          return [bar, ...window];
        });
      const times = jobs.flatMap((j) => (j.created ? [j.created.getTime(), (j.completed ?? now).getTime()] : []));
      const from = times.length ? Math.min(...times) : now.getTime() - 86_400_000;
      const to = Math.max(times.length ? Math.max(...times) : now.getTime(), now.getTime());
      const pad = Math.max((to - from) * 0.05, 60_000);
      timeline.current?.destroy();
      const t = new Timeline(box.current, items, groups, {
        start: new Date(from - pad),
        end: new Date(to + pad),
        showCurrentTime: false,
        stack: true,
        selectable: true,
        maxHeight: 360,
        zoomKey: 'ctrlKey',
        orientation: 'top',
      });
      t.addCustomTime(now, 'now');
      t.on('select', (p: { items: string[] }) => {
        const id = p.items[0];
        if (id && !id.endsWith('/window')) select.current(id);
      });
      timeline.current = t;
    });
    return () => {
      cancelled = true;
    };
  }, [jobs, grouping, planNames]);

  useEffect(() => timeline.current?.setCustomTime(now, 'now'), [now.getTime()]);

  useEffect(() => timeline.current?.setSelection(selected ? [selected] : []), [selected, timeline.current]);
  useEffect(
    () => () => {
      timeline.current?.destroy();
      timeline.current = undefined;
    },
    [],
  );
  return <div class="timeline" ref={box} data-testid="job-timeline" />;
}
