/**
 * A table that renders only the rows in view (@tanstack/virtual-core), so a listing of 100,000
 * rows costs what its visible 30 cost. Calls `onEnd` when the last rows come into view, so the
 * view can fetch the next page from the server.
 */
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';

export interface Column<T> {
  title: string;
  /** A CSS grid track, e.g. "8rem" or "1fr". */
  width: string;
  cell: (row: T) => ComponentChildren;
}

export interface VirtualTableProps<T> {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  selected?: string;
  onSelect?: (row: T) => void;
  onEnd?: () => void;
  /** The rows in view changed (indexes, inclusive): e.g. to describe just those. */
  onRange?: (first: number, last: number) => void;
  height?: number;
  rowHeight?: number;
  testId?: string;
  rowClass?: (row: T) => string;
}

export function VirtualTable<T>({ rows, columns, rowKey, selected, onSelect, onEnd, onRange, height = 420, rowHeight = 30, testId, rowClass }: VirtualTableProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const options = {
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    onChange: () => rerender(undefined),
  };
  const [virtualizer] = useState(() => new Virtualizer<HTMLDivElement, Element>(options));
  virtualizer.setOptions({ ...virtualizer.options, ...options });
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => virtualizer._willUpdate());
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (onEnd && rows.length > 0 && last >= rows.length - 5) onEnd();
  }, [last, rows.length, onEnd]);
  useEffect(() => {
    if (onRange && last >= 0) onRange(first, last);
  }, [first, last, rows, onRange]);
  const template = columns.map((c) => c.width).join(' ');
  return (
    <div data-testid={testId}>
      <div class="vhead" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <span key={c.title}>{c.title}</span>
        ))}
      </div>
      <div class="vlist" ref={scroller} style={{ height: `${Math.min(height, rows.length * rowHeight + 2)}px` }}>
        <div style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            const key = rowKey(row);
            return (
              <div
                key={key}
                role="row"
                data-key={key}
                class={`vrow ${key === selected ? 'selected' : ''} ${rowClass?.(row) ?? ''}`}
                style={{ top: `${item.start}px`, height: `${rowHeight}px`, gridTemplateColumns: template }}
                onClick={() => onSelect?.(row)}
              >
                {columns.map((c) => (
                  <span key={c.title}>{c.cell(row)}</span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
