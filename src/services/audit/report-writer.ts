/**
 * Streams report rows into one file per format (CSV with a header row; JSON as
 * {"reportItems": [...]}), columns in the template's order. Rows are written as they come, so
 * memory stays flat however many rows a report has.
 */
import type { ReportRow } from './job-source.js';
import type { ReportFormat } from './records.js';
import type { ReportObject, ReportSink } from './sink.js';

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

interface FormatWriter {
  begin(): Promise<void>;
  row(row: ReportRow): Promise<void>;
  end(): Promise<void>;
  object: ReportObject;
}

class CsvWriter implements FormatWriter {
  constructor(readonly object: ReportObject, private readonly columns: readonly string[]) {}
  begin(): Promise<void> {
    return this.object.write(`${this.columns.join(',')}\n`);
  }
  row(row: ReportRow): Promise<void> {
    let line = '';
    for (let i = 0; i < this.columns.length; i++) line += (i ? ',' : '') + csvCell(row[this.columns[i]!]);
    return this.object.write(`${line}\n`);
  }
  end(): Promise<void> {
    return Promise.resolve();
  }
}

class JsonWriter implements FormatWriter {
  private first = true;
  constructor(readonly object: ReportObject, private readonly columns: readonly string[]) {}
  begin(): Promise<void> {
    return this.object.write('{"reportItems":[');
  }
  row(row: ReportRow): Promise<void> {
    const item: Record<string, unknown> = {};
    for (const c of this.columns) item[c] = row[c] ?? null;
    const text = (this.first ? '\n' : ',\n') + JSON.stringify(item);
    this.first = false;
    return this.object.write(text);
  }
  end(): Promise<void> {
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
    const fixedKeys = Object.keys(fixed);
    let count = 0;
    for await (const source of rows) {
      let row = source;
      if (fixedKeys.length) {
        row = { ...source };
        for (const k of fixedKeys) if (row[k] === undefined) row[k] = fixed[k];
      }
      for (const w of writers) await w.row(row);
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
