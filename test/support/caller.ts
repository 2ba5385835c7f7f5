import type { Caller } from '../../shared/domain/people';

/** The one person at the desktop's own engine, as its IPC transport vouches: an administrator. */
export const AT_THE_DESK: Caller = { name: 'tester (desktop app)', role: 'administrator', source: 'desktop' };
