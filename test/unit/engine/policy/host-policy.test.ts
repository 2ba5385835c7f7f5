import { describe, expect, it } from 'vitest';
import { readHostPolicy } from '../../../../electron/engine/policy/host-policy';

const FILE = '/etc/casebridge/policy.json';
const place = () => ({ platform: 'linux' as const, env: {} as Record<string, string | undefined> });
const hostPolicy = (policy: object, at = place()) => readHostPolicy(at, (path) => (path === FILE ? JSON.stringify({ version: 1, ...policy }) : undefined));

describe('what a host takes from the policy at start', () => {
  it('refuses demo mode when the policy turns it off, in words naming the file', () => {
    expect(hostPolicy({ locked: { demoAllowed: false } }).demoRefusal).toBe(
      "Demo mode is turned off by your organisation's policy (/etc/casebridge/policy.json). Start casebridge without --demo.",
    );
    expect(hostPolicy({ locked: { demoAllowed: true } }).demoRefusal).toBeUndefined();
    expect(hostPolicy({}).demoRefusal).toBeUndefined();
  });

  it('gives the update address and the server, saying whether the server is locked', () => {
    const locked = hostPolicy({ locked: { serverUrl: 'https://cb.council.local:8443', updateUrl: 'https://updates.council.local/cb/' } });
    expect(locked.updateUrl).toBe('https://updates.council.local/cb/');
    expect(locked.server).toEqual({ url: 'https://cb.council.local:8443', locked: true });
    expect(hostPolicy({ presets: { serverUrl: 'https://cb.council.local:8443' } }).server).toEqual({ url: 'https://cb.council.local:8443', locked: false });
  });

  it("puts the policy's proxy in the environment it is given", () => {
    const at = place();
    hostPolicy({ locked: { proxy: { url: 'http://proxy.council.local:8080' } } }, at);
    expect(at.env.HTTPS_PROXY).toBe('http://proxy.council.local:8080');
  });

  it('takes nothing from a refused file: demo allowed, no proxy, no server', () => {
    const at = place();
    const refused = readHostPolicy(at, () => '{"version": 1, "locked": {"demoAllowed": false, "proxy": {"url": "http://p:1"}, "colour": 1}}');
    expect(refused.machine.state).toBe('refused');
    expect(refused).toEqual({ machine: refused.machine });
    expect(at.env).toEqual({});
  });
});
