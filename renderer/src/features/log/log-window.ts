/**
 * The slice of the log the list holds in memory: never more than WINDOW_CAP rows, whatever the
 * size of the log or the rate of live entries. Following, live rows go on top and the oldest fall
 * off the bottom (they can be paged in again). Scrolled far back, the newest fall off the top
 * (the list then goes back to the newest by reloading). Paused, live rows wait aside, counted.
 */
import type { LogRow } from '../../../../shared/domain/log-filter';

export const WINDOW_CAP = 3_000;

export interface LogWindow {
  /** Newest first. */
  rows: LogRow[];
  /** Older rows than the last one match (page them in with `beforeId`). */
  hasMore: boolean;
  /** Rows newer than the first one were let go; going back to the newest means reloading. */
  newerDropped: boolean;
  /** New entries go on top as they arrive (the person is at the top of the list). */
  following: boolean;
  /** Live rows that arrived while paused, newest first (at most WINDOW_CAP kept). */
  waiting: LogRow[];
  /** How many arrived while paused (more than `waiting` holds when it overflowed). */
  waitingCount: number;
  /** The highest id seen, so a live entry that a page already brought is not added twice. */
  newestId: number;
  /** How many rows the last `older` let go from the top, so the list can keep its place on screen. */
  droppedTop: number;
  /** Counts fresh loads, so the list knows to go back to its top. */
  loads: number;
}

export type LogWindowAction =
  | { type: 'loaded'; rows: LogRow[]; hasMore: boolean }
  | { type: 'live'; rows: LogRow[] }
  | { type: 'older'; rows: LogRow[]; hasMore: boolean }
  | { type: 'pause' }
  | { type: 'resume' };

export const EMPTY_WINDOW: LogWindow = { rows: [], hasMore: false, newerDropped: false, following: true, waiting: [], waitingCount: 0, newestId: 0, droppedTop: 0, loads: 0 };

/** Whether the waiting rows can simply go on top, or the newest must be loaded again. */
export function canResumeInPlace(window: LogWindow): boolean {
  return !window.newerDropped && window.waiting.length === window.waitingCount;
}

export function logWindowReducer(state: LogWindow, action: LogWindowAction): LogWindow {
  switch (action.type) {
    case 'loaded':
      return {
        ...EMPTY_WINDOW,
        loads: state.loads + 1,
        rows: action.rows.slice(0, WINDOW_CAP),
        hasMore: action.hasMore || action.rows.length > WINDOW_CAP,
        newestId: Math.max(state.newestId, action.rows[0]?.id ?? 0),
      };
    case 'live': {
      // Newest first, and only what is new: a page loaded a moment ago may already hold some.
      const fresh = action.rows.filter((row) => row.id > state.newestId).sort((a, b) => b.id - a.id);
      if (fresh.length === 0) return state;
      const newestId = fresh[0]!.id;
      if (state.following) {
        const rows = [...fresh, ...state.rows];
        return { ...state, rows: rows.slice(0, WINDOW_CAP), hasMore: state.hasMore || rows.length > WINDOW_CAP, newestId, droppedTop: 0 };
      }
      return { ...state, waiting: [...fresh, ...state.waiting].slice(0, WINDOW_CAP), waitingCount: state.waitingCount + fresh.length, newestId, droppedTop: 0 };
    }
    case 'older': {
      const lastId = state.rows.at(-1)?.id ?? Number.MAX_SAFE_INTEGER;
      const rows = [...state.rows, ...action.rows.filter((row) => row.id < lastId)];
      const drop = Math.max(0, rows.length - WINDOW_CAP);
      return {
        ...state,
        rows: drop > 0 ? rows.slice(drop) : rows,
        hasMore: action.hasMore,
        newerDropped: state.newerDropped || drop > 0,
        following: drop > 0 ? false : state.following,
        droppedTop: drop,
      };
    }
    case 'pause':
      return state.following ? { ...state, following: false, droppedTop: 0 } : state;
    case 'resume': {
      if (state.following || !canResumeInPlace(state)) return state;
      const rows = [...state.waiting, ...state.rows];
      return { ...state, rows: rows.slice(0, WINDOW_CAP), hasMore: state.hasMore || rows.length > WINDOW_CAP, following: true, waiting: [], waitingCount: 0, droppedTop: 0 };
    }
  }
}
