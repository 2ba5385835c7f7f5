/**
 * The desktop app closes its engine when the computer's session ends, not only when the person
 * quits. Windows logs off, restarts or shuts down without the app's `before-quit`: each window hears
 * `query-session-end`, then `session-end`, after which Windows may end the process at any moment.
 * On Linux and macOS powerMonitor's `shutdown` comes first and may hold the shutdown a little.
 * So the engine starts closing (its database checkpointed and closed) at the first of these; a
 * session end is the person's choice, so casebridge does not ask Windows to wait.
 */

/** What a window tells of the session ending (Electron's BrowserWindow, or a test's emitter). */
export interface SessionWindow {
  on(event: 'query-session-end' | 'session-end', listener: () => void): unknown;
}

export interface SessionEndSources {
  app: { on(event: 'browser-window-created', listener: (event: unknown, window: SessionWindow) => void): unknown };
  powerMonitor: { on(event: 'shutdown', listener: (event?: { preventDefault(): void }) => void): unknown };
}

/** Calls `leave` (which must be safe to call more than once) when the session ends; windows opened later included. */
export function leaveOnSessionEnd({ app, powerMonitor }: SessionEndSources, leave: () => void): void {
  app.on('browser-window-created', (_event, window) => {
    window.on('query-session-end', leave);
    window.on('session-end', leave);
  });
  powerMonitor.on('shutdown', (event) => {
    // Electron then delays the shutdown until the app exits, which leave() does once the engine has closed.
    event?.preventDefault();
    leave();
  });
}
