/** What the About panel shows: real facts about the running engine and its store. */
export interface AppInfo {
  name: string;
  version: string;
  /** `desktop` when the Electron shell hosts the engine, `headless` for the Node host. */
  host: 'desktop' | 'headless';
  dataDir: string;
  databasePath: string;
  /** The number of migrations applied to the store. */
  schemaVersion: number;
  /** The newest migration's tag, e.g. `0000_initial`. */
  schemaTag: string;
  timeZone: string;
  platform: string;
  versions: { node: string; electron?: string; chrome?: string; sqlite: string };
  startedAt: string;
  /** Demo mode: the Tascomi emulator this engine works against instead of a real Tascomi. */
  demo?: { tascomiUrl: string };
}
