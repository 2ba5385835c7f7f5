import { targetFieldOf } from '../../../../../shared/connectors/template-schemas';
import type { ConnectorId, Source, Target } from '../../../../../shared/domain/template';

/** How a source is named to a person (and to a screen reader): "case field 'waste_type'". */
export function describeSource(source: Source | null): string {
  if (!source) return 'nothing yet';
  switch (source.kind) {
    case 'field':
      return `case field '${source.field}'`;
    case 'date':
      return `case date '${source.date}'`;
    case 'person':
      return `${source.role}'s ${source.detail.replaceAll('_', ' ')}`;
    case 'address':
      return `${source.role} address ${source.detail.replaceAll('_', ' ')}`;
    case 'text':
      return source.value ? `fixed text '${source.value}'` : 'fixed text';
  }
}

export function targetKey(target: Target): string {
  return target.kind === 'schema' ? target.key : `extra.${target.name}`;
}

/** A target as its label in the connector's schema: "Request Code", "SOR code". */
export function describeTarget(connector: ConnectorId, target: Target): string {
  return target.kind === 'schema' ? (targetFieldOf(connector, target.key)?.label ?? target.key) : `Additional field ${target.name}`;
}

/** A payload key (`request_code`, `extra.<name>`) as the label a person reads. */
export function payloadLabel(connector: ConnectorId, key: string): string {
  return key.startsWith('extra.') ? `Additional field ${key.slice(6)}` : (targetFieldOf(connector, key)?.label ?? key);
}
