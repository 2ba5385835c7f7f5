import { Page } from '../../shell/Page';

export function CasesPage() {
  return (
    <Page
      title="Cases"
      description="Cases received from the CRM (by webhook or import), their references to back-office records, and the rules that queue integrations for them will appear here."
    />
  );
}
