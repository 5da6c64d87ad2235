/**
 * Streams report rows into one file per format (CSV with a header row; JSON as
 * {"reportItems": [...]}), columns in the template's order. Rows (or batches of rows) are written
 * as they come, so memory stays flat however many rows a report has.
 */
import type { ReportRow, ReportRows } from './job-source.js';
import type { ReportFormat } from './records.js';
import type { ReportObject, ReportSink } from './sink.js';

const NEEDS_QUOTES = /[",\r\n]/;

function csvCell(value: unknown): string {
  if (typeof value === 'string') return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

interface FormatWriter {
  begin(): Promise<void> | undefined;
  /** Writes rows in order; answers a promise only when the writer must wait (its buffer is being flushed). */
  rows(rows: readonly ReportRow[]): Promise<void> | undefined;
  end(): Promise<void> | undefined;
  object: ReportObject;
}

class CsvWriter implements FormatWriter {
  /** Each column's cell when a row leaves it out: its fixed value, or empty. Computed once. */
  private readonly fixedCells: string[];

  constructor(readonly object: ReportObject, private readonly columns: readonly string[], fixed: ReportRow) {
    this.fixedCells = columns.map((c) => csvCell(fixed[c]));
  }
  begin(): Promise<void> | undefined {
    return this.object.write(`${this.columns.join(',')}\n`);
  }
  /** One chunk per batch: one write, not one per row. */
  rows(rows: readonly ReportRow[]): Promise<void> | undefined {
    const { columns, fixedCells } = this;
    const lines = new Array<string>(rows.length + 1);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      let line = '';
      for (let i = 0; i < columns.length; i++) {
        const value = row[columns[i]!];
        const cell = value === undefined || value === null ? fixedCells[i]! : csvCell(value);
        line = i === 0 ? cell : `${line},${cell}`;
      }
      lines[r] = line;
    }
    lines[rows.length] = '';
    return this.object.write(lines.join('\n'));
  }
  end(): Promise<void> | undefined {
    return undefined;
  }
}

class JsonWriter implements FormatWriter {
  private first = true;
  constructor(readonly object: ReportObject, private readonly columns: readonly string[], private readonly fixed: ReportRow) {}
  begin(): Promise<void> | undefined {
    return this.object.write('{"reportItems":[');
  }
  rows(rows: readonly ReportRow[]): Promise<void> | undefined {
    let text = '';
    for (const row of rows) {
      const item: Record<string, unknown> = {};
      for (const c of this.columns) item[c] = row[c] ?? this.fixed[c] ?? null;
      text += (this.first ? '\n' : ',\n') + JSON.stringify(item);
      this.first = false;
    }
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
  rows: ReportRows,
  fixed: ReportRow = {},
): Promise<number> {
  const writers: FormatWriter[] = [];
  try {
    for (const o of outputs) {
      const object = await sink.create(bucket, o.key);
      writers.push(o.format === 'CSV' ? new CsvWriter(object, columns, fixed) : new JsonWriter(object, columns, fixed));
    }
    for (const w of writers) await w.begin();
    let count = 0;
    for await (const item of rows) {
      const batch = Array.isArray(item) ? (item as readonly ReportRow[]) : [item as ReportRow];
      if (batch.length === 0) continue;
      for (const w of writers) {
        const wait = w.rows(batch);
        if (wait) await wait;
      }
      count += batch.length;
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
