/**
 * One tray icon with several things to say: each part of the shell (dead jobs, health alarms) gets
 * a section that looks like its own tray; the icon's tooltip is every section's text, in the order
 * the sections were made. The icon goes when the last section is destroyed.
 */
import type { TrayLike } from './dead-job-alerts';

export function sharedTray(createTray: () => TrayLike): { section(): TrayLike } {
  let tray: TrayLike | undefined;
  const texts: string[] = [];
  let live = 0;
  const show = () => tray?.setToolTip(texts.filter(Boolean).join('\n'));
  return {
    section() {
      tray ??= createTray();
      const icon = tray;
      const index = texts.push('') - 1;
      live++;
      let destroyed = false;
      return {
        setToolTip(text) {
          if (destroyed) return;
          texts[index] = text;
          show();
        },
        on: (event, listener) => icon.on(event, listener),
        destroy() {
          if (destroyed) return;
          destroyed = true;
          texts[index] = '';
          if (--live > 0) return show();
          icon.destroy();
          tray = undefined;
        },
      };
    },
  };
}
