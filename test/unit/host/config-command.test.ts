/**
 * The configuration commands as a script runs them: export from one data folder, a dry run and an
 * --apply on another, exit codes, and the refusal of a folder a running engine holds.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigArgs, planTable, runConfigCommand, type ConfigCommandName } from '../../../electron/host/config-command';
import { testDataDirs } from '../../support/host-process';
import { contractCallsOf, startTestEngine, type TestEngine } from '../../support/engine';

const dirs = testDataDirs();
const engines: TestEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.dispose();
  dirs.removeAll();
});
const folder = dirs.make;

async function run(command: ConfigCommandName, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runConfigCommand(command, argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A test installation with a reference, a template and a rule, closed so its folder is free. */
async function testInstallation(): Promise<string> {
  const dir = folder();
  const t = startTestEngine({ dataDir: dir });
  const { value } = contractCallsOf(() => t);
  await value('createReference', { name: 'SR number' });
  const template = await value('saveTemplate', {
    draft: {
      name: 'Noise',
      connector: 'tascomi',
      type: 'create',
      reference: 'SR number',
      rows: [{ id: 'a', target: { kind: 'schema', key: 'description' }, source: { kind: 'field', field: 'description' } }],
    },
  });
  await value('createRule', { name: 'Noise rule', caseType: 'Noise', on: 'created', templateId: template.id });
  await t.engine.close();
  return dir;
}

describe('casebridge export-config / import-config', () => {
  it('exports, dry-runs (changing nothing) and applies on another data folder; a second run has nothing to import', async () => {
    const test = await testInstallation();
    const file = join(folder(), 'config.json');
    const exported = await run('export-config', file, '--data-dir', test);
    expect(exported).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(readFileSync(file, 'utf8')).templates[0].name).toBe('Noise');

    const live = folder();
    const dry = await run('import-config', file, `--data-dir=${live}`);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^add +reference +SR number$/m);
    expect(dry.out).toMatch(/^add +template +Noise +tascomi create template, 1 version$/m);
    expect(dry.out).toContain('This was a dry run: nothing was changed. Run again with --apply to import.');
    expect((await run('import-config', file, '--data-dir', live)).out).toContain('Importing this file would add 3, change 0 and leave 3 alone.');

    const applied = await run('import-config', file, '--apply', '--data-dir', live);
    expect(applied.code).toBe(0);
    expect(applied.out).toMatch(/^added +rule +Noise rule/m);
    expect(applied.out).toContain('Imported: 3 added');
    const again = await run('import-config', file, '--data-dir', live);
    expect(again.out).toContain('Nothing to import: this installation already has this configuration.');
  });

  it('exits 1 naming each problem of a bad file by its path', async () => {
    const file = join(folder(), 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ format: 'casebridge-configuration', formatVersion: 1, casebridgeVersion: '1', references: [{ name: '' }], templates: [], rules: [{}], queueSettings: {} }),
    );
    const result = await run('import-config', file, '--apply', '--data-dir', folder());
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^casebridge import-config: The configuration file is not valid: /);
    expect(result.err).toContain('\n  - references.0.name: ');
    expect(result.err).toContain('\n  - rules.0.name: ');
    expect((await run('import-config', join(folder(), 'missing.json'))).err).toMatch(/cannot read .*missing\.json/);
  });

  it('refuses a data folder a running engine holds, and leaves it as it was', async () => {
    const dir = folder();
    engines.push(startTestEngine({ dataDir: dir }));
    const file = join(folder(), 'config.json');
    const result = await run('export-config', file, '--data-dir', dir);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `casebridge export-config: the data folder ${dir} is in use by a running casebridge. Nothing was read or changed. Use that one's console (Connections, Configuration), or stop it and run this again.`,
    );
    expect(existsSync(file)).toBe(false);
  });

  it('exits 2 on a usage error and 0 with the help', async () => {
    expect(await run('import-config')).toMatchObject({ code: 2, err: 'casebridge import-config: import-config needs the configuration FILE to read.' });
    expect(await run('export-config', 'a.json', '--apply')).toMatchObject({ code: 2, err: expect.stringContaining('Unknown option --apply for export-config') });
    expect(await run('import-config', 'a.json', 'b.json')).toMatchObject({ code: 2, err: expect.stringContaining("'b.json' is a second") });
    expect(await run('export-config', 'a.json', '--data-dir')).toMatchObject({ code: 2 });
    const help = await run('import-config', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('casebridge import-config FILE [--apply]');
    expect(parseConfigArgs('import-config', ['f.json'], { CASEBRIDGE_DATA_DIR: '/srv/casebridge' })).toEqual({
      command: 'import-config',
      file: 'f.json',
      apply: false,
      dataDir: '/srv/casebridge',
    });
  });

  it('prints the plan as aligned columns', () => {
    const table = planTable(
      {
        items: [
          { kind: 'template', name: 'Noise', action: 'change', summary: 'new version 2 (version 1 stays): rows 1 → 2' },
          { kind: 'queue settings', name: 'tascomi', action: 'leave', summary: '' },
        ],
        counts: { add: 0, change: 1, leave: 1 },
        fingerprint: '',
        file: { casebridgeVersion: '1' },
      },
      false,
    );
    expect(table.split('\n')).toEqual([
      'Action       Item            Name     Change',
      '-----------  --------------  -------  ------',
      'change       template        Noise    new version 2 (version 1 stays): rows 1 → 2',
      'leave alone  queue settings  tascomi',
      '',
      'Importing this file would add 0, change 1 and leave 1 alone.',
    ]);
  });
});
