/** How the console writes times, durations and ARNs. Times are UTC, as the business clock. */

export function formatTime(d: Date | string | undefined): string {
  if (d === undefined) return '';
  const date = typeof d === 'string' ? new Date(d) : d;
  if (Number.isNaN(date.getTime())) return '';
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "3d 4h", "12m", "45s": the largest two units of a span. */
export function formatSpan(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const parts: [number, string][] = [
    [Math.floor(s / 86400), 'd'],
    [Math.floor((s % 86400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ];
  const shown = parts.filter(([n]) => n > 0).slice(0, 2);
  return shown.length ? shown.map(([n, u]) => `${n}${u}`).join(' ') : '0s';
}

/** The part of an ARN after its resource type, which is what a person recognises. */
export function shortArn(arn: string | undefined): string {
  if (!arn) return '';
  const parts = arn.split(':');
  return parts.length > 5 ? parts.slice(5).join(':') : arn;
}
