/**
 * The Create Service Request template most engine, browser and bench tests send cases with: the
 * fly-tipping codes the Tascomi emulator knows (core function SS, request code FLYTIP, officer
 * pshah) and the case's description, writing the Service Request number to a reference.
 */
import type { OutgoingRow, TemplateDraft } from '../../shared/domain/template';

export const FLY_TIPPING_CREATE_ROWS: OutgoingRow[] = [
  { id: 'cf', target: { kind: 'schema', key: 'core_function' }, source: { kind: 'text', value: 'SS' } },
  { id: 'rc', target: { kind: 'schema', key: 'request_code' }, source: { kind: 'text', value: 'FLYTIP' } },
  { id: 'io', target: { kind: 'schema', key: 'investigating_officer' }, source: { kind: 'text', value: 'pshah' } },
  { id: 'ds', target: { kind: 'schema', key: 'description' }, source: { kind: 'field', field: 'description' } },
];

/** A Create template of those rows (and any more), named `name`, writing the SR number to `reference`. */
export function flyTippingCreateDraft(options: { name?: string; reference?: string; extraRows?: OutgoingRow[] } = {}): TemplateDraft {
  return {
    name: options.name ?? 'Fly-tipping create',
    connector: 'tascomi',
    type: 'create',
    reference: options.reference ?? 'SR number',
    rows: [...FLY_TIPPING_CREATE_ROWS, ...(options.extraRows ?? [])],
  };
}
