/**
 * The service recipes in resources/service/ must run the host that the build makes, with only the
 * settings the host knows, so they cannot rot as the host changes.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STOP_TIMEOUT_MS } from '../../../electron/engine/jobs/connector-workers';
import { HOST_OPTIONS, HOST_SWITCHES, parseHostArgs } from '../../../electron/host/args';
import { stopSignals } from '../../../shared/stop-signals.mjs';
import { HOST_ENTRY } from '../../support/host-process';

const ROOT = resolve(import.meta.dirname, '../../..');
const read = (name: string) => readFileSync(resolve(ROOT, 'resources/service', name), 'utf8');
const ENTRY = relative(ROOT, HOST_ENTRY).replaceAll('\\', '/');
const KNOWN_VARIABLES = new Set<string>(Object.values(HOST_OPTIONS).flatMap((o) => (o.env ? [o.env] : [])));
const KNOWN_FLAGS = new Set<string>([...Object.values(HOST_OPTIONS).map((o) => o.flag), ...HOST_SWITCHES]);

/** Every CASEBRIDGE_ variable a recipe names, commented out or not. */
const variablesIn = (text: string) => [...text.matchAll(/\b(CASEBRIDGE_[A-Z_]+)\b/g)].map((m) => m[1]!);

describe('the systemd unit', () => {
  const unit = read('casebridge.service');
  const settings = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!);
  const environment = Object.fromEntries(settings('Environment').map((e) => e.split(/=(.*)/s).slice(0, 2) as [string, string]));

  it('runs the built host with node, as a dedicated user, restarting on failure, hardened', () => {
    expect(ENTRY).toBe('out/main/host.js');
    expect(settings('ExecStart')).toEqual([`/usr/bin/node /opt/casebridge/${ENTRY}`]);
    expect(settings('User')).toEqual(['casebridge']);
    expect(settings('Restart')).toEqual(['on-failure']);
    expect(settings('NoNewPrivileges')).toEqual(['yes']);
    expect(settings('ProtectSystem')).toEqual(['strict']);
    expect(settings('ReadWritePaths')).toEqual([environment.CASEBRIDGE_DATA_DIR]);
  });

  it('names only variables and options the host knows, and its settings start a server', () => {
    expect(variablesIn(unit).filter((v) => !KNOWN_VARIABLES.has(v))).toEqual([]);
    const hostLines = unit.split('\n').filter((line) => line.includes(ENTRY));
    const flags = hostLines.flatMap((line) => [...line.matchAll(/\s(--[a-z-]+)/g)].map((m) => m[1]!));
    expect(flags).toContain('--check');
    expect(flags.filter((f) => !KNOWN_FLAGS.has(f))).toEqual([]);
    expect(parseHostArgs([], environment)).toMatchObject({ host: '0.0.0.0', port: 8443, dataDir: '/var/lib/casebridge', tls: { kind: 'self-signed' } });
  });
});

describe('the Windows service (WinSW)', () => {
  const xml = read('casebridge-service.xml');
  const live = xml.replace(/<!--[\s\S]*?-->/g, '');
  const env = Object.fromEntries([...live.matchAll(/<env name="([^"]+)" value="([^"]*)"\/>/g)].map((m) => [m[1]!, m[2]!]));

  it('runs the built host with node, restarting on failure', () => {
    expect(live).toMatch(/<executable>[^<]*node\.exe<\/executable>/);
    expect(live).toContain(`<arguments>"C:\\Program Files\\casebridge\\${ENTRY.replaceAll('/', '\\')}"</arguments>`);
    expect(live).toMatch(/<onfailure action="restart"/);
    expect(live).toMatch(/<startmode>Automatic<\/startmode>/);
  });

  it('stops it with Ctrl+C, which the host stops on, sent to node.exe first, and waits longer than the host’s slowest clean stop', () => {
    // WinSW's stop is a console Ctrl+C, which Node raises as SIGINT.
    expect(stopSignals('win32')).toContain('SIGINT');
    expect(live).toContain('<stopparentprocessfirst>true</stopparentprocessfirst>');
    const [, seconds] = /<stoptimeout>(\d+) sec<\/stoptimeout>/.exec(live) ?? [];
    // Running attempts get STOP_TIMEOUT_MS to finish; the store's checkpoint and close take a few seconds more at most.
    expect(Number(seconds) * 1000).toBeGreaterThanOrEqual(STOP_TIMEOUT_MS + 15_000);
  });

  it('names only variables the host knows, and its settings start a server', () => {
    expect(variablesIn(xml).filter((v) => !KNOWN_VARIABLES.has(v))).toEqual([]);
    expect(parseHostArgs([], env)).toMatchObject({ host: '0.0.0.0', port: 8443, dataDir: 'C:\\ProgramData\\casebridge\\data', tls: { kind: 'self-signed' } });
  });
});
