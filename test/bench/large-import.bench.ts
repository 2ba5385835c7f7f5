/**
 * Large imports through the built headless host in its own process, as the console sends them:
 * files of cases of 5 MB and of the 20 MB limit, cut into parts by the console's transport. For
 * each: how long sending took (to the last part acknowledged), how long until the answer, and the
 * longest another console waited for an answer meanwhile (it asks every 50 ms). Prints `bench:`
 * lines; it measures, it does not judge.
 */
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import { IMPORT_CASES_MAX_CHARS } from '../../shared/import-limits';
import { casesFile } from '../support/case-files';
import { consoleTransport } from '../support/console-transport';
import { removeDataDir, startHostProcess } from '../support/host-process';
import { report } from './report';

/** Asks the engine something small every `everyMs` until stopped; answers the longest wait. */
function watchLatency(ask: () => Promise<unknown>, everyMs: number): { stop(): Promise<number> } {
  let stopped = false;
  let longest = 0;
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      await ask();
      longest = Math.max(longest, performance.now() - t0);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return longest;
    },
  };
}

it('large imports through the host', async () => {
  const host = await startHostProcess();
  const importer = consoleTransport(host, 600_000);
  const bystander = consoleTransport(host);
  try {
    for (const [label, size, cases] of [
      ['5mb', 5_000_000, 1_000],
      ['20mb', IMPORT_CASES_MAX_CHARS, 2_100],
    ] as const) {
      const content = casesFile(`BENCH-${label}`, cases, size);
      await bystander.request('getPreferences', {});
      const watch = watchLatency(() => bystander.request('getPreferences', {}), 50);
      const t0 = performance.now();
      let sentMs = 0;
      const result = await importer.request('importCases', { content, fileName: `${label}.json` }, { onProgress: (f) => f === 1 && (sentMs = performance.now() - t0) });
      const totalMs = performance.now() - t0;
      const longestWait = await watch.stop();
      if (!result.ok) throw new Error(`the ${label} import failed: ${result.error.message}`);
      report({ name: `import-${label}-${cases}-cases-sent`, value: sentMs / 1000, unit: 's' });
      report({ name: `import-${label}-${cases}-cases-answered`, value: totalMs / 1000, unit: 's' });
      report({ name: `import-${label}-send-rate`, value: size / 1_000_000 / (sentMs / 1000), unit: 'MB/s' });
      report({ name: `import-${label}-other-console-longest-wait`, value: longestWait, unit: 'ms' });
    }
  } finally {
    importer.close();
    bystander.close();
    await host.stop();
    removeDataDir(host.dataDir);
  }
});
