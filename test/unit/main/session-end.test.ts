import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { leaveOnSessionEnd, type SessionWindow } from '../../../electron/main/session-end';

function sources() {
  const app = new EventEmitter();
  const powerMonitor = new EventEmitter();
  const openWindow = () => {
    const window = new EventEmitter();
    app.emit('browser-window-created', {}, window as SessionWindow);
    return window;
  };
  return { app, powerMonitor, openWindow };
}

describe('leaveOnSessionEnd', () => {
  it('Windows: a window that hears the session ending (log off, restart) starts the clean exit, windows opened later too', () => {
    const { app, powerMonitor, openWindow } = sources();
    const leave = vi.fn();
    leaveOnSessionEnd({ app, powerMonitor }, leave);
    const first = openWindow();
    first.emit('query-session-end', { reasons: ['logoff'] });
    expect(leave).toHaveBeenCalledTimes(1);
    const later = openWindow();
    later.emit('session-end', { reasons: ['shutdown'] });
    expect(leave).toHaveBeenCalledTimes(2);
  });

  it('Linux and macOS: the system shutdown is held while the engine closes, and the clean exit starts', () => {
    const { app, powerMonitor } = sources();
    const leave = vi.fn();
    leaveOnSessionEnd({ app, powerMonitor }, leave);
    const event = { preventDefault: vi.fn() };
    powerMonitor.emit('shutdown', event);
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
    expect(leave).toHaveBeenCalledTimes(1);
  });

  it('nothing happens until the session ends', () => {
    const { app, powerMonitor, openWindow } = sources();
    const leave = vi.fn();
    leaveOnSessionEnd({ app, powerMonitor }, leave);
    openWindow().emit('close');
    expect(leave).not.toHaveBeenCalled();
  });
});
