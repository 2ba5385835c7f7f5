/**
 * The application menu: Electron's usual Edit, View and Window menus, and a casebridge menu that
 * says which engine the console shows and switches between this workstation's and a server's.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { describeMode, type ConsoleMode } from './console-mode';

export const CONNECT_LABEL = 'Connect to a casebridge server…';
export const USE_LOCAL_LABEL = 'Use this workstation’s engine';

export const SERVER_LOCKED_LABEL = 'The server is set by your organisation’s policy';

/** `serverLocked`: the machine policy locks the server, so the menu cannot switch away from it. */
export function modeMenuTemplate(mode: ConsoleMode, actions: { connect(): void; useLocal(): void }, serverLocked = false): MenuItemConstructorOptions[] {
  return [
    {
      label: 'casebridge',
      submenu: [
        // Not clickable: it is there to be read.
        { label: `Showing ${describeMode(mode)}`, enabled: false },
        ...(serverLocked ? [{ label: SERVER_LOCKED_LABEL, enabled: false }] : []),
        { type: 'separator' },
        { label: CONNECT_LABEL, enabled: !serverLocked, click: () => actions.connect() },
        { label: USE_LOCAL_LABEL, type: 'checkbox', checked: mode.mode === 'local', enabled: mode.mode !== 'local' && !serverLocked, click: () => actions.useLocal() },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
}

/** The window's title and the tray's line: the mode is always visible. */
export const modeTitle = (mode: ConsoleMode) => `casebridge — ${describeMode(mode)}`;
export const modeTrayLine = (mode: ConsoleMode) => `casebridge: ${describeMode(mode)}`;
