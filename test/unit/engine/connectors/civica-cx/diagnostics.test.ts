/**
 * Test API and the company list (diagnostics.ts) when the IP allowlist blocks this workstation the
 * way firewalls really do, against the emulator in each blocked form: the failure names the
 * allowlist as the likely cause in the same words as the Network page, and what to ask for.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CX_ALLOWLIST_ASK, CX_BLOCKED_CALLER } from '../../../../../shared/domain/civica-cx';
import { createCxDiagnostics, testCxConnection } from '../../../../../electron/engine/connectors/civica-cx/diagnostics';
import { DEMO_USER, startCivicaCxEmulator, type AllowlistAnswer } from '../../../../emulators/civica-cx';
import { fakeClock } from '../../../../support/fake-clock';
import { closedPort, startLocalServer } from '../../../../support/local-server';

const clock = fakeClock('2026-06-15T10:00:00Z');
const deps = { clock, timeoutMs: 300 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function blockedEmulator(answer: AllowlistAnswer) {
  const emu = await startCivicaCxEmulator({ now: () => clock.millis(), allowlist: ['10.0.0.0/8'], allowlistAnswer: answer, empty: true });
  cleanups.push(() => emu.close());
  return emu;
}

describe('Test API when the allowlist blocks without a JSON 403', () => {
  it.each<[AllowlistAnswer, keyof typeof CX_BLOCKED_CALLER]>([
    ['html', 'html'],
    ['timeout', 'timeout'],
    ['refused', 'reset'],
  ])("the emulator's %s answer fails sign-in, naming the allowlist as the likely cause", async (answer, form) => {
    const emu = await blockedEmulator(answer);
    const result = await testCxConnection({ baseUrl: emu.baseUrl, ...DEMO_USER }, deps);
    expect(result).toMatchObject({ ok: false, allowlist: true });
    expect(result.steps.at(-1)).toMatchObject({ step: 'signIn', ok: false });
    expect(result.reason).toContain(` ${CX_BLOCKED_CALLER[form]} ${CX_ALLOWLIST_ASK}`);
    const companies = await createCxDiagnostics(deps).listCompanies({ baseUrl: emu.baseUrl, ...DEMO_USER });
    expect(companies).toMatchObject({ ok: false, companies: [], allowlist: true, reason: result.reason });
  });

  it('a refused connection: most likely the allowlist, or Cx not running there', async () => {
    const port = await closedPort();
    const result = await testCxConnection({ baseUrl: `http://127.0.0.1:${port}`, ...DEMO_USER }, deps);
    expect(result).toMatchObject({ ok: false, allowlist: true });
    expect(result.reason).toContain(` ${CX_BLOCKED_CALLER.refused} ${CX_ALLOWLIST_ASK}`);
  });

  it("a firewall's page with 200 (not JSON) is read as the allowlist too; a proxy's 502 page is not", async () => {
    let status = 200;
    const firewall = await startLocalServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end('<html><body>Request blocked</body></html>');
    });
    cleanups.push(() => firewall.close());
    const baseUrl = `http://127.0.0.1:${firewall.port}`;
    const page = await testCxConnection({ baseUrl, ...DEMO_USER }, deps);
    expect(page).toMatchObject({ ok: false, allowlist: true });
    expect(page.reason).toContain(CX_BLOCKED_CALLER.html);

    status = 502;
    const proxyError = await testCxConnection({ baseUrl, ...DEMO_USER }, deps);
    expect(proxyError.ok).toBe(false);
    expect(proxyError.allowlist).toBeUndefined();
    expect(proxyError.reason).not.toMatch(/allowlist/);
  });

  it("Cx's own JSON 403 keeps its message, pointing to the Network page once", async () => {
    const emu = await blockedEmulator('json403');
    const result = await testCxConnection({ baseUrl: emu.baseUrl, ...DEMO_USER }, deps);
    expect(result).toMatchObject({ ok: false, allowlist: true });
    expect(result.reason).toMatch(/^Civica Cx refused this workstation’s address \(its IP allowlist\)\./);
    expect(result.reason!.match(/Network page/g)).toHaveLength(1);
  });
});
