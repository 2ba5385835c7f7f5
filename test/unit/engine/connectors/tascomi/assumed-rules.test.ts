/**
 * The client against the emulator with its assumed rules strict (the default) and relaxed: what
 * no public source settles (required fields, t/f flags, full date-times, field names, 404 on an
 * update of a missing id, query-string fields) must not change what casebridge sends or concludes.
 */
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { findServiceRequestsForCase } from '../../../../../electron/engine/connectors/tascomi/service-requests';
import type { AssumedRules } from '../../../../emulators/tascomi/index';
import { connectorFailure } from '../../../../support/connector-failure';
import { startHarness, type Harness } from './harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const RELAXED: AssumedRules = {
  requiredServiceRequestFields: false,
  flagsOnlyTOrF: false,
  fullDateTimesOnly: false,
  fieldNamePattern: false,
  missingIdUpdateIs404: false,
  queryStringFields: 'accept',
};

const MODES: [string, Partial<AssumedRules>][] = [
  ['strict', {}],
  ['relaxed', RELAXED],
];

describe.each(MODES)('the client with the assumed rules %s', (_name, assumed) => {
  it('creates, looks up and updates the same way, with t/f flags, full date-times and every field in the form body', async () => {
    h = await startHarness({ emulator: { assumed } });
    const fields = {
      core_function_id: '5',
      complaint_code_id: '18',
      investigating_officer_id: '1',
      received_date: DateTime.fromISO('2026-06-15T08:05:09Z'),
      external_reference: 'CASE-ASSUMED',
      ceased: false,
    };
    const id = await h.client.create('complaints', fields);
    expect(await h.client.get('complaints', id)).toMatchObject({ received_date: '2026-06-15 09:05:09', ceased: 'f', core_function_id: '5' });
    expect((await findServiceRequestsForCase(h.client, 'CASE-ASSUMED')).map((r) => r.id)).toEqual([id]);
    expect(await h.client.update('complaints', id, { remarks: 'Updated', ceased: false })).toBe(id);

    const writes = h.emulator.requestLog().filter((e) => e.method === 'PUT' || e.method === 'POST');
    expect(writes.map((e) => e.method)).toEqual(['PUT', 'POST']);
    expect(writes.map((e) => e.query)).toEqual(['', '']);
    expect(h.emulator.requestLog().filter((e) => e.method === 'DELETE')).toEqual([]);
  });

  it('reports an update of a missing id as a failure, never retried, whether it is answered 404 or 200 {"id": 0}', async () => {
    h = await startHarness({ emulator: { assumed } });
    const error = await connectorFailure(() => h!.client.update('complaints', 424242, { remarks: 'x' }));
    expect(error).toMatchObject({ retryable: false, table: 'complaints' });
    if (assumed.missingIdUpdateIs404 === false) {
      expect(error).toMatchObject({ kind: 'validation', status: 200 });
      expect(error.message).toMatch(
        /^Tascomi did not apply the update to complaints record 424242 \(it answered with id 0: the record may be ceased or no longer exist, or a value was refused\)/,
      );
    } else {
      expect(error).toMatchObject({ kind: 'not_found', status: 404 });
    }
  });

  it('still finds write access with the empty-body probe', async () => {
    h = await startHarness({ emulator: { assumed } });
    expect(await h.client.probeWrite('complaints')).toBe(true);
  });
});
