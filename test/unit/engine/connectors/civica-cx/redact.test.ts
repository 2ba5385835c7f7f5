/**
 * How a Civica Cx answer is summarised in the integration log: each record by the id that names
 * it (a works order by its reference, a task by its id, an appointment by its id), never by a
 * parent's id it happens to carry, and never a secret.
 */
import { describe, expect, it } from 'vitest';
import { redactCxRequest, redactCxResponse } from '../../../../../electron/engine/connectors/civica-cx/redact';

const answer = (body: unknown) => redactCxResponse({ status: 201, body: JSON.stringify(body) });

describe('the log summary of a Cx answer', () => {
  it('names each record of the three-step raise and the cancel by its own id', () => {
    expect(answer({ repairReference: 'REP104201', status: 'Logged', workOrders: [], clientReference: 'C-1/7/repair' })).toContain('record REP104201 with 4 field(s)');
    expect(answer({ taskId: 413, sorCode: '603021', quantity: 1, worksOrderReference: null, clientReference: 'C-1/7/task' })).toContain('record 413 with 5 field(s)');
    expect(answer({ worksOrderReference: 'WO3300412', repairReference: 'REP104201', status: 'Issued', tasks: [] })).toContain('record WO3300412 with 4 field(s)');
    expect(answer({ appointmentId: 700012, repairReference: 'REP104201', workOrderReference: 'WO3300412', status: 'Cancelled' })).toContain('record 700012 with 4 field(s)');
    expect(answer({ contactId: 100001, companyCode: 'NBH' })).toContain('record 100001 with 2 field(s)');
  });

  it('never logs the token or the password', () => {
    expect(answer({ token: 'sekrit-token', expiresAt: '2024-07-03T12:15:00+01:00' })).not.toContain('sekrit-token');
    const request = redactCxRequest({ method: 'POST', url: 'https://cx.example.test/api/v1/token', headers: {}, body: { username: 'api-user', password: 'hunter2' } });
    expect(request).not.toContain('hunter2');
    expect(request).toContain('password=[secret]');
  });
});
