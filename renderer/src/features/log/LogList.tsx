import { Alert, Badge, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconArrowUp } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { LogRow } from '../../../../shared/domain/log-filter';
import { formatEntryCount, formatLogTime, LEVEL_COLOURS, OUTCOME_COLOURS, OUTCOME_LABELS } from '../../ui/log-format';
import { formatTimeWithZone } from '../../ui/time-format';
import classes from './LogList.module.css';
import { canResumeInPlace } from './log-window';
import type { LogView } from './use-log-view';

/** Every row the same height, so the list never measures and a million rows cost what ten do. */
export const ROW_HEIGHT = 34;
/** Older entries are asked for when the last rendered row is this close to the end of those held. */
const LOAD_OLDER_WITHIN = 100;
/** Scrolled further than this from the top, the list stops following new entries. */
const TOP_SLACK = 4;

/**
 * Fixed widths leave the message (the column people read) at least 300px in a 1024px window with the
 * navigation folded away; what a cell cannot show whole is in its title and the entry's drawer.
 */
const WIDTH = { time: 160, level: 80, source: 84, outcome: 108, case: 128, job: 112 } as const;
const COLUMNS: { label: string; width: number | 'grow' }[] = [
  { label: 'Time', width: WIDTH.time },
  { label: 'Level', width: WIDTH.level },
  { label: 'Source', width: WIDTH.source },
  // Outcome: wide enough for the "will retry" and "succeeded" badges.
  { label: 'Outcome', width: WIDTH.outcome },
  { label: 'Case', width: WIDTH.case },
  { label: 'Job / attempt', width: WIDTH.job },
  { label: 'Message', width: 'grow' },
];
const cellStyle = (width: number | 'grow') => (width === 'grow' ? { flex: '1 1 0', minWidth: 240 } : { width, flex: `0 0 ${width}px` });

/**
 * The log, newest first, as a virtualised table: only the rows on screen (and a margin) are in the
 * page. The keyboard moves through it with the arrows, Home/End and Page Up/Down; Enter opens a row.
 */
export function LogList({
  view,
  emptyText,
  selectedId,
  onOpen,
  actions,
}: {
  view: LogView;
  emptyText: string;
  selectedId: number | null;
  onOpen: (id: number) => void;
  actions?: ReactNode;
}) {
  const { window: logWindow, status, loadingOlder } = view;
  const { rows, following, hasMore, newerDropped } = logWindow;
  const scroller = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState<number | null>(null);
  const focusWanted = useRef<number | null>(null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    // A small margin: while following, every flush replaces the rows on screen, so each extra row is
    // mounted four times a second under a live feed.
    overscan: 6,
    getItemKey: (index) => rows[index]!.id,
  });
  const items = virtualizer.getVirtualItems();

  // Rows let go from the top (to keep memory flat) would shift everything up: keep the view still.
  useLayoutEffect(() => {
    if (logWindow.droppedTop > 0 && scroller.current) scroller.current.scrollTop -= logWindow.droppedTop * ROW_HEIGHT;
  }, [logWindow.rows, logWindow.droppedTop]);

  // A fresh load (new filter, back to the newest, reconnected) starts at the top.
  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [logWindow.loads]);

  // Page older entries in as the end of what is held comes near.
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (status === 'ready' && hasMore && !loadingOlder && lastIndex >= rows.length - LOAD_OLDER_WITHIN) view.loadOlder();
  }, [status, hasMore, loadingOlder, lastIndex, rows.length, view]);

  // Back at the top, new entries are followed again.
  const onScroll = () => {
    const top = scroller.current?.scrollTop ?? 0;
    if (top > TOP_SLACK && following) view.pause();
    else if (top <= TOP_SLACK && !following && canResumeInPlace(logWindow)) view.resume();
  };

  const jumpToNewest = () => {
    if (scroller.current) scroller.current.scrollTop = 0;
    view.resume();
  };

  // The keyboard asked for a row that was not rendered yet: focus it once it is.
  useEffect(() => {
    if (focusWanted.current === null) return;
    const row = scroller.current?.querySelector<HTMLElement>(`[data-id="${focusWanted.current}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      focusWanted.current = null;
    }
  });

  const moveTo = (index: number) => {
    const target = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!target) return;
    setActiveId(target.id);
    focusWanted.current = target.id;
    virtualizer.scrollToIndex(rows.indexOf(target), { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const id = Number((event.target as HTMLElement).closest<HTMLElement>('[data-id]')?.dataset.id);
    const index = rows.findIndex((row) => row.id === id);
    const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(index + 1),
      ArrowUp: () => moveTo(index - 1),
      PageDown: () => moveTo(index + pageRows),
      PageUp: () => moveTo(index - pageRows),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
      Enter: () => rows[index] && onOpen(rows[index].id),
      ' ': () => rows[index] && onOpen(rows[index].id),
    };
    const action = keys[event.key];
    if (!action || index < 0) return;
    event.preventDefault();
    action();
  };

  // One row takes the Tab stop: the one last used, else the first on screen.
  const tabStop = activeId !== null && items.some((item) => item.key === activeId) ? activeId : (items[0]?.key as number | undefined);

  return (
    <Stack gap={6}>
      <Group justify="space-between" gap="xs" mih={30} align="flex-start">
        <Group gap="md" align="flex-start">
          <Text size="sm" fw={500} mt={6} title="Entries matching the filters">
            {view.count ? formatEntryCount(view.count.count, view.count.capped) : status === 'loading' ? 'Counting…' : ''}
          </Text>
          {actions}
        </Group>
        {following ? (
          <Badge variant="dot" color="green" size="lg" title="New entries appear at the top as they happen">
            Following new entries
          </Badge>
        ) : (
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              Paused while you look back.
            </Text>
            <Button size="compact-sm" leftSection={<IconArrowUp size={14} aria-hidden />} onClick={jumpToNewest}>
              {logWindow.waitingCount > 0 ? `${logWindow.waitingCount.toLocaleString('en-GB')} new ${logWindow.waitingCount === 1 ? 'entry' : 'entries'}` : 'Back to the newest'}
            </Button>
          </Group>
        )}
      </Group>
      {view.error && status !== 'error' && (
        <Alert color="red" role="alert" p="xs">
          {view.error}
        </Alert>
      )}
      {status === 'error' ? (
        <Alert color="red" role="alert" title="The log could not be loaded">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{view.error}</Text>
            <Button size="compact-sm" variant="light" onClick={view.reload}>
              Try again
            </Button>
          </Stack>
        </Alert>
      ) : status === 'loading' && rows.length === 0 ? (
        <Group gap="xs" role="status" h={120} justify="center">
          <Loader size="sm" />
          <Text size="sm">Loading the log…</Text>
        </Group>
      ) : (
        <div ref={scroller} className={classes.scroller} onScroll={onScroll} aria-busy={status === 'loading'} style={status === 'loading' ? { opacity: 0.6 } : undefined}>
          {newerDropped && (
            <Group justify="center" p="xs" gap="xs">
              <Text size="sm">Newer entries were let go to keep memory low while you looked this far back.</Text>
            </Group>
          )}
          <table role="table" className={classes.table} aria-label="Recent log entries" aria-rowcount={view.count && !view.count.capped ? view.count.count + 1 : -1}>
            <thead role="rowgroup" className={classes.head}>
              <tr role="row" className={classes.headRow} aria-rowindex={1}>
                {COLUMNS.map((column) => (
                  <th key={column.label} role="columnheader" scope="col" className={`${classes.cell} ${classes.headCell}`} style={cellStyle(column.width)}>
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody role="rowgroup" className={classes.body} style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown}>
              {items.map((item) => {
                const row = rows[item.index]!;
                return (
                  <tr
                    key={row.id}
                    role="row"
                    data-id={row.id}
                    aria-rowindex={item.index + 2}
                    aria-current={row.id === selectedId ? 'true' : undefined}
                    tabIndex={row.id === tabStop ? 0 : -1}
                    className={classes.row}
                    style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                    onFocus={() => setActiveId(row.id)}
                    onClick={() => onOpen(row.id)}
                  >
                    <LogRowCells row={row} />
                  </tr>
                );
              })}
            </tbody>
          </table>
          {status === 'ready' && rows.length === 0 && (
            <Text className={classes.footer} size="sm">
              {emptyText}
            </Text>
          )}
          {loadingOlder && (
            <Text className={classes.footer} size="sm" c="dimmed" role="status">
              Loading older entries…
            </Text>
          )}
          {status === 'ready' && rows.length > 0 && !hasMore && (
            <Text className={classes.footer} size="xs" c="dimmed">
              No older entries match.
            </Text>
          )}
        </div>
      )}
    </Stack>
  );
}

/**
 * Rows are never changed in place (a new entry is a new row), so a row on screen renders once. Plain
 * spans styled like Mantine's badges, not Badge components: under a live feed every row on screen
 * is replaced four times a second, and mounting is the cost.
 */
const LogRowCells = memo(function LogRowCells({ row }: { row: LogRow }) {
  return (
    <>
      <td role="cell" className={classes.cell} style={{ ...cellStyle(WIDTH.time), fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-xs)' }}>
        <time dateTime={row.time} title={formatTimeWithZone(row.time)}>
          {formatLogTime(row.time)}
        </time>
      </td>
      <td role="cell" className={classes.cell} style={cellStyle(WIDTH.level)}>
        <span
          className={classes.level}
          style={{ background: `var(--mantine-color-${LEVEL_COLOURS[row.level]}-light)`, color: `var(--mantine-color-${LEVEL_COLOURS[row.level]}-light-color)` }}
        >
          {row.level}
        </span>
      </td>
      <td role="cell" className={classes.cell} style={cellStyle(WIDTH.source)}>
        {row.source}
      </td>
      <td role="cell" className={classes.cell} style={cellStyle(WIDTH.outcome)}>
        {row.outcome && (
          <span className={classes.outcome}>
            <span className={classes.dot} style={{ background: `var(--mantine-color-${OUTCOME_COLOURS[row.outcome]}-filled)` }} aria-hidden="true" />
            {OUTCOME_LABELS[row.outcome]}
          </span>
        )}
      </td>
      <td
        role="cell"
        className={classes.cell}
        style={{ ...cellStyle(WIDTH.case), fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-xs)' }}
        title={row.caseId}
      >
        {row.caseId}
      </td>
      <td role="cell" className={classes.cell} style={cellStyle(WIDTH.job)}>
        {row.jobId !== undefined ? `${row.jobId}${row.attempt !== undefined ? ` / ${row.attempt}` : ''}` : ''}
      </td>
      <td role="cell" className={classes.cell} style={cellStyle('grow')} title={row.message}>
        {row.message}
      </td>
    </>
  );
});
