import { describe, expect, it } from 'vitest';
import { PolicyFileSchema } from '../../../../shared/domain/policy';
import { applyPolicyProxy } from '../../../../electron/engine/policy/policy-proxy';
import { selectProxy } from '../../../../electron/engine/connectors/http/transport';

const proxy = { url: 'http://proxy.council.local:8080', noProxy: '.council.local' };
const locked = PolicyFileSchema.parse({ version: 1, locked: { proxy } });
const preset = PolicyFileSchema.parse({ version: 1, presets: { proxy } });

describe("the policy's proxy", () => {
  it('when locked, replaces what the environment says, in every spelling the transport reads', () => {
    const env: Record<string, string | undefined> = { https_proxy: 'http://other:1', HTTP_PROXY: 'http://other:1', ALL_PROXY: 'socks://x', PATH: '/bin' };
    expect(applyPolicyProxy(locked, env)).toBe(true);
    expect(env).toEqual({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '.council.local', PATH: '/bin' });
    // The connectors' own choice follows it.
    expect(selectProxy('https://council.idoxcloud.com', env)).toBe(proxy.url);
    expect(selectProxy('https://crm.council.local', env)).toBeNull();
  });

  it('when preset, is used only where the environment names no proxy', () => {
    const bare: Record<string, string | undefined> = {};
    expect(applyPolicyProxy(preset, bare)).toBe(true);
    expect(bare.HTTPS_PROXY).toBe(proxy.url);
    const own: Record<string, string | undefined> = { https_proxy: 'http://own:3128' };
    expect(applyPolicyProxy(preset, own)).toBe(false);
    expect(own).toEqual({ https_proxy: 'http://own:3128' });
  });

  it('changes nothing without a proxy in the policy', () => {
    const env = { HTTPS_PROXY: 'http://own:3128' };
    expect(applyPolicyProxy(PolicyFileSchema.parse({ version: 1 }), env)).toBe(false);
    expect(env).toEqual({ HTTPS_PROXY: 'http://own:3128' });
  });
});
