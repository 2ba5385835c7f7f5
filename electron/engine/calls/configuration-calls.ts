/** Promoting a configuration from test to live: its file, the dry run of an import, and the import. */
import type { Handlers } from '../../../shared/contract';
import type { ConfigurationPromotion } from '../promotion/configuration-promotion';

export function configurationCalls(deps: { promotion: ConfigurationPromotion }) {
  const { promotion } = deps;
  return {
    exportConfiguration: () => promotion.export(),
    previewConfigurationImport: ({ content }) => promotion.preview(content),
    applyConfigurationImport: ({ content, fingerprint }) => promotion.apply(content, fingerprint),
  } satisfies Partial<Handlers>;
}
