/**
 * The refusal-style knob: by default refusals answer with their HTTP status; with 'body' they
 * answer 200 with { outcome: "Refused", messages } (our design, after a consultant's "Cx refuses
 * quietly"), while answers that are not refusals of what was asked keep their status.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../../emulators/civica-cx/index';
import { CANCEL, admin, call, emulator, signIn } from './helpers';

describe('the refusal style', () => {
  it("answers Cx's refusals in the body with 200 when set to body, and with their status by default", async () => {
    const { emu } = await emulator();
    const token = await signIn(emu);
    const company = emu.demo!.companyCode;
    const cancelInvoiced = () => call(emu, 'POST', `/api/v1/${company}/works-orders/${emu.demo!.invoicedWorksOrderReference}/cancel`, { token, json: CANCEL });
    expect(emu.refusalStyle()).toBe('status');
    expect((await cancelInvoiced()).status).toBe(409);

    emu.setRefusalStyle('body');
    const quiet = await cancelInvoiced();
    expect(quiet.status).toBe(200);
    expect(quiet.json).toEqual({ outcome: 'Refused', messages: [expect.stringMatching(/^Works order WO\d+ cannot be cancelled: task \d+ is invoiced in full$/)] });

    const raise = await call(emu, 'POST', `/api/v1/${company}/repairs`, { token, json: { contactId: emu.demo!.contactId } });
    expect(raise.status).toBe(200);
    expect(raise.json.outcome).toBe('Refused');
    expect(raise.json.messages[0]).toMatch(/^Validation failed: /);

    const wrongPassword = await call(emu, 'POST', '/api/v1/token', { json: { ...DEMO_USER, password: 'wrong' } });
    expect(wrongPassword.status).toBe(200);
    expect(wrongPassword.json.outcome).toBe('Refused');

    // Not refusals of what was asked: a missing record, a bad token, bad JSON keep their status.
    expect((await call(emu, 'POST', `/api/v1/${company}/works-orders/WO0/cancel`, { token, json: CANCEL })).status).toBe(404);
    expect((await call(emu, 'GET', '/api/v1/companies', { token: 'nope' })).status).toBe(401);
    expect((await call(emu, 'POST', `/api/v1/${company}/repairs`, { token, body: '{', headers: { 'Content-Type': 'application/json' } })).status).toBe(400);
  });

  it('is set by option and by the admin endpoint, which refuses an unknown style naming it', async () => {
    const { emu } = await emulator({ refusalStyle: 'body' });
    expect((await admin(emu, 'GET', '/refusal-style')).json).toEqual({ style: 'body' });
    expect((await admin(emu, 'POST', '/refusal-style', { style: 'status' })).json).toEqual({ style: 'status' });
    expect(emu.refusalStyle()).toBe('status');
    const bad = await admin(emu, 'POST', '/refusal-style', { style: 'loud' });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/style: must be one of status, body, not "loud"/);
    expect(emu.refusalStyle()).toBe('status');
    await expect(emulator({ refusalStyle: 'quiet' as never })).rejects.toThrow(/^refusalStyle: must be one of status, body/);
  });
});
