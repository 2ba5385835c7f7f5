import type { AppInfo } from '../../../../shared/domain/app-info';

export interface AboutFact {
  label: string;
  value: string;
  /** Paths and versions read better, and copy cleaner, in a fixed-width font. */
  code?: boolean;
}

const HOSTS: Record<AppInfo['host'], string> = {
  desktop: 'Desktop app (Electron)',
  headless: 'Headless host (console in a browser)',
};

export function describeRuntimes(versions: AppInfo['versions']): string {
  const parts = [`Node ${versions.node}`, `SQLite ${versions.sqlite}`];
  if (versions.electron) parts.push(`Electron ${versions.electron}`);
  if (versions.chrome) parts.push(`Chrome ${versions.chrome}`);
  return parts.join(' · ');
}

/** The About panel's rows, in reading order. */
export function aboutFacts(info: AppInfo): AboutFact[] {
  return [
    { label: 'Version', value: info.version },
    { label: 'Host', value: HOSTS[info.host] },
    { label: 'Data folder', value: info.dataDir, code: true },
    { label: 'Database path', value: info.databasePath, code: true },
    { label: 'Schema version', value: `${info.schemaVersion} (${info.schemaTag})` },
    { label: 'Time zone', value: info.timeZone },
    { label: 'Platform', value: info.platform },
    { label: 'Runtime versions', value: describeRuntimes(info.versions) },
    { label: 'Started at', value: info.startedAt },
  ];
}
