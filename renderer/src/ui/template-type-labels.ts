import { templateSchema, templateTypeLabel } from '../../../shared/connectors/template-schemas';
import type { ConnectorId, TemplateType } from '../../../shared/domain/template';

/**
 * A template's kind where templates of both connectors are listed together:
 * "Tascomi: Create Service Request (outgoing)", "Civica Cx: Raise repair (outgoing)".
 * The names themselves come from shared/connectors/template-schemas.ts (templateTypeLabel).
 */
export function templateKindLabel(connector: ConnectorId, type: TemplateType): string {
  return `${templateSchema(connector)?.label ?? connector}: ${templateTypeLabel(connector, type)}`;
}
