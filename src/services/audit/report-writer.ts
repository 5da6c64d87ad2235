/**
 * Streams report rows into one file per format (CSV with a header row; JSON as
 * {"reportItems": [...]}), columns in the template's order. Rows are written as they come, so
 * memory stays flat however many rows a report has.
 */
import type { ReportRow } from './job-source.js';
import type { ReportFormat } from './records.js';
import type { ReportObject, ReportSink } from './sink.js';

const NEEDS_QUOTES = /[",\r\n]/;

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

interface FormatWriter {
  begin(): Promise<void> | undefined;
  /** Answers a promise only when the writer must wait (its buffer is being flushed). */
  row(row: ReportRow, fixed: ReportRow): Promise<void> | undefined;
  end(): Promise<void> | undefined;
  object: ReportObject;
}

class CsvWriter implements FormatWriter {
  constructor(readonly object: ReportObject, private readonly columns: readonly string[]) {}
  begin(): Promise<void> | undefined {
    return this.object.write(`${this.columns.join(',')}\n`);
  }
  row(row: ReportRow, fixed: ReportRow): Promise<void> | undefined {
    let line = '';
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i]!;
      line += (i ? ',' : '') + csvCell(row[c] ?? fixed[c]);
    }
    return this.object.write(`${line}\n`);
  }
  end(): Promise<void> | undefined {
    return undefined;
  }
}

class JsonWriter implements FormatWriter {
  private first = true;
  constructor(readonly object: ReportObject, private readonly columns: readonly string[]) {}
  begin(): Promise<void> | undefined {
    return this.object.write('{"reportItems":[');
  }
  row(row: ReportRow, fixed: ReportRow): Promise<void> | undefined {
    const item: Record<string, unknown> = {};
    for (const c of this.columns) item[c] = row[c] ?? fixed[c] ?? null;
    const text = (this.first ? '\n' : ',\n') + JSON.stringify(item);
    this.first = false;
    return this.object.write(text);
  }
  end(): Promise<void> | undefined {
    return this.object.write('\n]}\n');
  }
}

export interface ReportOutput {
  format: ReportFormat;
  key: string;
}

/**
 * Writes every row to every output. `fixed` values (such as the report period) fill columns
 * the rows leave out. Nothing is visible under a key unless all outputs were written.
 */
export async function writeReport(
  sink: ReportSink,
  bucket: string,
  outputs: ReportOutput[],
  columns: readonly string[],
  rows: AsyncIterable<ReportRow>,
  fixed: ReportRow = {},
): Promise<number> {
  const writers: FormatWriter[] = [];
  try {
    for (const o of outputs) {
      const object = await sink.create(bucket, o.key);
      writers.push(o.format === 'CSV' ? new CsvWriter(object, columns) : new JsonWriter(object, columns));
    }
    for (const w of writers) await w.begin();
    let count = 0;
    for await (const row of rows) {
      for (const w of writers) {
        const wait = w.row(row, fixed);
        if (wait) await wait;
      }
      count++;
    }
    for (const w of writers) await w.end();
    for (const w of writers) await w.object.commit();
    return count;
  } catch (e) {
    for (const w of writers) await w.object.abort().catch(() => undefined);
    throw e;
  }
}

/** `[PREFIX/]Backup/REGION/YYYY/MM/DD/<report name>.<ext>`, dated by the job's creation (UTC). */
export function reportKey(prefix: string | undefined, region: string, atMs: number, reportName: string, format: ReportFormat): string {
  const d = new Date(atMs);
  const date = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
  const head = prefix ? `${prefix.replace(/\/+$/, '')}/` : '';
  return `${head}Backup/${region}/${date}/${reportName}.${format.toLowerCase()}`;
}
