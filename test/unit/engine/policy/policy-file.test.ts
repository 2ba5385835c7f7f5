import { describe, expect, it } from 'vitest';
import { describeRefusal, loadMachinePolicy, policyFilePath, type MachinePolicy, type ReadPolicyText } from '../../../../electron/engine/policy/policy-file';

const LINUX = { platform: 'linux' as const, env: {} };
/** A reader that has exactly these files. */
const files =
  (map: Record<string, string>): ReadPolicyText =>
  (path) =>
    map[path];
const fromText = (text: string, place = LINUX) => loadMachinePolicy(place, files({ '/etc/casebridge/policy.json': text }));
const refusedProblems = (policy: MachinePolicy) => {
  if (policy.state !== 'refused') throw new Error(`expected a refusal, got ${policy.state}`);
  return policy.problems;
};

const GOOD = {
  version: 1,
  locked: {
    proxy: { url: 'http://proxy.council.local:8080', noProxy: '.council.local' },
    tascomi: { baseUrl: 'https://council.idoxcloud.com/' },
    intake: { port: 8711 },
    backups: { folder: 'D:\\casebridge-backups', keep: 14 },
    demoAllowed: false,
  },
  presets: { caseRetention: { days: 30 }, logRetention: { keepDays: 60 }, updateUrl: 'https://updates.council.local/casebridge/' },
};

describe('where the policy file is', () => {
  it('is in the machine-wide configuration folder of each platform', () => {
    expect(policyFilePath({ platform: 'linux', env: {} })).toBe('/etc/casebridge/policy.json');
    expect(policyFilePath({ platform: 'darwin', env: {} })).toBe('/Library/Application Support/casebridge/policy.json');
    expect(policyFilePath({ platform: 'win32', env: { ProgramData: 'C:\\ProgramData' } })).toBe('C:\\ProgramData\\casebridge\\policy.json');
    expect(policyFilePath({ platform: 'win32', env: { ProgramData: 'E:\\Shared' } })).toBe('E:\\Shared\\casebridge\\policy.json');
    // Without %ProgramData% (a service with a bare environment), Windows' own default.
    expect(policyFilePath({ platform: 'win32', env: {} })).toBe('C:\\ProgramData\\casebridge\\policy.json');
  });

  it('is the file CASEBRIDGE_POLICY_FILE names, on any platform', () => {
    expect(policyFilePath({ platform: 'linux', env: { CASEBRIDGE_POLICY_FILE: '/srv/cb/policy.json' } })).toBe('/srv/cb/policy.json');
    expect(policyFilePath({ platform: 'win32', env: { CASEBRIDGE_POLICY_FILE: 'D:\\p.json', ProgramData: 'C:\\ProgramData' } })).toBe('D:\\p.json');
  });
});

describe('reading the policy file', () => {
  it('is no policy when there is no file at the usual place', () => {
    expect(loadMachinePolicy(LINUX, files({}))).toEqual({ state: 'none', file: '/etc/casebridge/policy.json' });
  });

  it('refuses a file CASEBRIDGE_POLICY_FILE names that is not there: someone meant a policy', () => {
    const policy = loadMachinePolicy({ platform: 'linux', env: { CASEBRIDGE_POLICY_FILE: '/srv/missing.json' } }, files({}));
    expect(policy).toEqual({ state: 'refused', file: '/srv/missing.json', problems: [{ path: '', reason: 'there is no such file (CASEBRIDGE_POLICY_FILE names it)' }] });
  });

  it('applies a good file, with its values as the console would save them', () => {
    const policy = fromText(JSON.stringify(GOOD));
    expect(policy.state).toBe('applied');
    if (policy.state !== 'applied') return;
    // The base URL is normalised as saveTascomiSettings does (no trailing slash).
    expect(policy.policy.locked?.tascomi?.baseUrl).toBe('https://council.idoxcloud.com');
    expect(policy.policy.locked?.intake).toEqual({ port: 8711 });
    expect(policy.policy.presets?.caseRetention).toEqual({ days: 30 });
  });

  it('reads a file saved by Notepad with a byte order mark', () => {
    expect(fromText(`\uFEFF${JSON.stringify({ version: 1 })}`).state).toBe('applied');
  });

  it.each([
    ['bad JSON', '{ "version": 1, ', '', /^the file is not valid JSON/],
    ['not an object', '[1]', '', /expected object/],
    ['no version', '{}', 'version', /must be 1/],
    ['another version', '{"version": 2}', 'version', /must be 1/],
    ['an unknown section', '{"version": 1, "lock": {}}', 'lock', /is not a policy field/],
    ['an unknown field', '{"version": 1, "locked": {"proxyUrl": "http://p:1"}}', 'locked.proxyUrl', /is not a policy field/],
    ['an unknown field inside a setting', '{"version": 1, "presets": {"intake": {"secret": "x"}}}', 'presets.intake.secret', /is not a policy field/],
    ['a wrong type', '{"version": 1, "locked": {"demoAllowed": "no"}}', 'locked.demoAllowed', /expected boolean/],
    ['a port out of range', '{"version": 1, "locked": {"intake": {"port": 70000}}}', 'locked.intake.port', /65535/],
    ['a Tascomi URL that is not one', '{"version": 1, "locked": {"tascomi": {"baseUrl": "ftp://x"}}}', 'locked.tascomi.baseUrl', /./],
    ['a plain http update URL', '{"version": 1, "locked": {"updateUrl": "http://updates.council.local/"}}', 'locked.updateUrl', /https:\/\//],
    ['a server URL with a password', '{"version": 1, "presets": {"serverUrl": "https://a:b@cb.local"}}', 'presets.serverUrl', /no user name or password/],
    ['a proxy that is no address', '{"version": 1, "locked": {"proxy": {"url": "proxy:8080:x"}}}', 'locked.proxy.url', /proxy’s full address/],
    ['a retention below its floor', '{"version": 1, "locked": {"logRetention": {"keepEntries": 5}}}', 'locked.logRetention.keepEntries', /10,000/],
    ['a backup time that is no time', '{"version": 1, "presets": {"backups": {"time": "2am"}}}', 'presets.backups.time', /HH:MM/],
    ['a field both locked and preset', '{"version": 1, "locked": {"intake": {"port": 9000}}, "presets": {"intake": {"port": 9001}}}', 'presets.intake.port', /also locked/],
  ])('refuses %s, naming the path and the reason', (_what, text, path, reason) => {
    const problems = refusedProblems(fromText(text));
    expect(problems.map((p) => p.path)).toContain(path);
    expect(problems.find((p) => p.path === path)!.reason).toMatch(reason);
  });

  it('names every problem of a file, not only the first', () => {
    const problems = refusedProblems(fromText('{"version": 1, "locked": {"intake": {"port": -1}, "updateUrl": 3, "color": "red"}}'));
    expect(problems.map((p) => p.path).sort()).toEqual(['locked.color', 'locked.intake.port', 'locked.updateUrl']);
  });

  it('refuses a file it may not read, and a folder, in words', () => {
    const failing =
      (code: string): ReadPolicyText =>
      () => {
        throw Object.assign(new Error(`${code}: denied`), { code });
      };
    expect(refusedProblems(loadMachinePolicy(LINUX, failing('EACCES')))[0]!.reason).toMatch(/may not read the file/);
    expect(refusedProblems(loadMachinePolicy(LINUX, failing('EISDIR')))[0]!.reason).toBe('this is a folder, not a file');
  });

  it('refuses a file far larger than a policy', () => {
    expect(refusedProblems(fromText(' '.repeat(1_000_001)))[0]!.reason).toMatch(/larger than 1,000,000 bytes/);
  });

  it('says a refusal in one sentence naming the file, each path and what to do', () => {
    const policy = fromText('{"version": 1, "locked": {"intake": {"port": 70000}}}');
    if (policy.state !== 'refused') throw new Error('expected a refusal');
    expect(describeRefusal(policy)).toMatch(
      /^The machine policy file \/etc\/casebridge\/policy\.json was refused, so no policy is applied .*locked\.intake\.port: .*Correct the file and restart casebridge\.$/,
    );
  });
});
