import type { TemplateType } from '../../../../shared/domain/template';

/** The names the seed uses for the three kinds of template. */
export const TEMPLATE_TYPE_LABELS: Record<TemplateType, string> = {
  create: 'Create Service Request (outgoing)',
  update: 'Update Service Request (outgoing)',
  incoming: 'Service Request (incoming)',
};

export function formatSavedAt(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB');
}
