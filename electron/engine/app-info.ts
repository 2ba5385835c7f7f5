import type { AppInfo } from '../../shared/domain/app-info';
import type { Clock } from './clock';
import type { Store } from './store/open-store';

/** What the About panel shows of this engine, its store and its runtime; the start time is taken now. */
export function appInfoOf(
  engine: Pick<AppInfo, 'version' | 'host' | 'dataDir' | 'demo'> & { versions?: { electron?: string; chrome?: string } },
  store: Pick<Store, 'path' | 'schema' | 'sqliteVersion'>,
  clock: Clock,
): () => AppInfo {
  const startedAt = clock.now().toISO()!;
  return () => ({
    name: 'casebridge',
    version: engine.version,
    host: engine.host,
    dataDir: engine.dataDir,
    databasePath: store.path,
    schemaVersion: store.schema.version,
    schemaTag: store.schema.tag,
    timeZone: clock.zone,
    platform: `${process.platform} ${process.arch}`,
    versions: { node: process.versions.node, sqlite: store.sqliteVersion, ...engine.versions },
    startedAt,
    ...(engine.demo ? { demo: { tascomiUrl: engine.demo.tascomiUrl } } : {}),
  });
}
