import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { CONNECT_LABEL, modeMenuTemplate, modeTitle, modeTrayLine, SERVER_LOCKED_LABEL, USE_LOCAL_LABEL } from '../../../electron/main/mode-menu';

const SERVER = { mode: 'server' as const, url: 'https://cb.council.local:8443/', fingerprint: `AB${':AB'.repeat(31)}`, trustedAt: '2026-12-01T09:00:00.000Z' };
const items = (template: MenuItemConstructorOptions[]) => template[0]!.submenu as MenuItemConstructorOptions[];
const item = (template: MenuItemConstructorOptions[], label: string) => items(template).find((i) => i.label === label)!;
const click = (entry: MenuItemConstructorOptions) => (entry.click as () => void)();

describe('the casebridge menu', () => {
  it('says which engine is shown, and switches either way', () => {
    const actions = { connect: vi.fn(), useLocal: vi.fn() };
    const local = modeMenuTemplate({ mode: 'local' }, actions);
    expect(items(local)[0]).toMatchObject({ label: 'Showing this workstation’s engine', enabled: false });
    expect(item(local, USE_LOCAL_LABEL)).toMatchObject({ checked: true, enabled: false });
    click(item(local, CONNECT_LABEL));
    expect(actions.connect).toHaveBeenCalledTimes(1);

    const server = modeMenuTemplate(SERVER, actions);
    expect(items(server)[0]).toMatchObject({ label: 'Showing server cb.council.local:8443' });
    expect(item(server, USE_LOCAL_LABEL)).toMatchObject({ checked: false, enabled: true });
    click(item(server, USE_LOCAL_LABEL));
    expect(actions.useLocal).toHaveBeenCalledTimes(1);
    expect(server.slice(1).map((m) => m.role)).toEqual(['editMenu', 'viewMenu', 'windowMenu']);
  });

  it('cannot switch away from a server the machine policy locks, and says why', () => {
    const actions = { connect: vi.fn(), useLocal: vi.fn() };
    const locked = modeMenuTemplate(SERVER, actions, true);
    expect(items(locked)[1]).toMatchObject({ label: SERVER_LOCKED_LABEL, enabled: false });
    expect(item(locked, CONNECT_LABEL)).toMatchObject({ enabled: false });
    expect(item(locked, USE_LOCAL_LABEL)).toMatchObject({ checked: false, enabled: false });
    expect(item(modeMenuTemplate(SERVER, actions), CONNECT_LABEL).enabled).not.toBe(false);
  });

  it('names the mode in the window title and the tray', () => {
    expect(modeTitle({ mode: 'local' })).toBe('casebridge — this workstation’s engine');
    expect(modeTitle(SERVER)).toBe('casebridge — server cb.council.local:8443');
    expect(modeTrayLine(SERVER)).toBe('casebridge: server cb.council.local:8443');
  });
});
