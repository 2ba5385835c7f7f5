/**
 * The case reference field check on its own, with answers a real instance might give that the
 * emulator does not: a filter refused with 400, a filter on a missing column answered with nothing,
 * and a lost connection.
 */
import { describe, expect, it } from 'vitest';
import { checkCaseReferenceField, NO_SUCH_CASE } from '../../../../../electron/engine/connectors/tascomi/case-reference-check';
import type { TascomiClient, TascomiPage } from '../../../../../electron/engine/connectors/tascomi/client';
import { ConnectorError } from '../../../../../electron/engine/connectors/errors';

type Answer = TascomiPage | ConnectorError;
function clientAnswering(...answers: Answer[]) {
  const asked: { table: string; filter?: Record<string, unknown>; sort?: string }[] = [];
  const client: Pick<TascomiClient, 'list'> = {
    async list(table, filter, options) {
      asked.push({ table, filter, sort: options?.sort });
      const answer = answers.shift()!;
      if (answer instanceof ConnectorError) throw answer;
      return answer;
    },
  };
  return { client, asked };
}
const page = (...items: Record<string, unknown>[]): TascomiPage => ({ items: items.map((r, i) => ({ id: String(i + 1), ...r })), page: 1, perPage: 25, total: items.length });

describe('checkCaseReferenceField', () => {
  it('is on when a filter for a value no case has answers nothing and a record carries the field', async () => {
    const { client, asked } = clientAnswering(page(), page({ external_reference: null }));
    expect(await checkCaseReferenceField(client, 'external_reference')).toMatchObject({ guard: 'on', detail: expect.stringMatching(/exists and is filterable/) });
    expect(asked).toEqual([
      { table: 'complaints', filter: { external_reference: NO_SUCH_CASE }, sort: undefined },
      { table: 'complaints', filter: {}, sort: '-id' },
    ]);
  });

  it('is off when the filter answers nothing but the records read have no such column (Tascomi shows an absent value as null, so the key is always there)', async () => {
    // An instance that answers a filter on a column it lacks with an empty list (202).
    const { client } = clientAnswering(page(), page({ remarks: 'Fly-tipping', external_ref: 'CRM-1' }, { remarks: 'Noise', external_ref: null }));
    const check = await checkCaseReferenceField(client, 'external_reference');
    expect(check).toMatchObject({ guard: 'off', field: 'external_reference' });
    expect(check.detail).toMatch(/^Duplicate guard off: external_reference is not filterable on complaints \(the 2 Service Requests read have no external_reference column/);
  });

  it('stays on, saying so, when there is no Service Request yet to show the column', async () => {
    const { client } = clientAnswering(page(), page());
    expect(await checkCaseReferenceField(client, 'external_reference')).toMatchObject({
      guard: 'on',
      detail: expect.stringMatching(/no Service Request exists yet to show the column/),
    });
  });

  it('is off when Tascomi refuses the filter, quoting its answer', async () => {
    const refused = new ConnectorError({ kind: 'validation', connector: 'tascomi', status: 400, message: 'Unknown field external_reference' });
    const { client } = clientAnswering(refused);
    const check = await checkCaseReferenceField(client, 'external_reference');
    expect(check).toMatchObject({ guard: 'off', field: 'external_reference' });
    expect(check.detail).toMatch(/^Duplicate guard off: external_reference is not filterable on complaints \(Tascomi refused a filter on it: Unknown field external_reference\)/);
  });

  it('is unknown, not off, when the check cannot run', async () => {
    const { client } = clientAnswering(new ConnectorError({ kind: 'connection', connector: 'tascomi', message: 'Cannot reach Tascomi' }));
    expect(await checkCaseReferenceField(client, 'crm_ref')).toEqual({
      guard: 'unknown',
      field: 'crm_ref',
      detail: 'The case reference field crm_ref could not be checked: Cannot reach Tascomi',
    });
  });
});
