import { Page } from '../../shell/Page';

export function NetworkPage() {
  return (
    <Page
      title="Network"
      description="This machine's local and outgoing (egress) IP addresses, for the back-office systems' IP allowlists, and step-by-step connection diagnostics will appear here."
    />
  );
}
