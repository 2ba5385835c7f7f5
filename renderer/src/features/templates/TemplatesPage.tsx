import { Page } from '../../shell/Page';

export function TemplatesPage() {
  return (
    <Page
      title="Templates"
      description="Mapping templates (create, update and incoming) will appear here: drag case fields, dates, people and addresses onto the back-office system's fields, and preview the result against a real case."
    />
  );
}
