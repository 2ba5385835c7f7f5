import { IconAlertTriangle, IconCircleX } from '@tabler/icons-react';
import type { PreviewIssue } from './preview-issues';

/**
 * Marks a preview issue: red for a problem, orange for a row that gave no value. The colour is on
 * the icon, not the text, so the message keeps the contrast of ordinary text in light and dark.
 */
export function IssueIcon({ kind }: { kind: PreviewIssue['kind'] }) {
  const Icon = kind === 'problem' ? IconCircleX : IconAlertTriangle;
  return <Icon size={14} aria-hidden style={{ flex: 'none', color: `var(--mantine-color-${kind === 'problem' ? 'red' : 'orange'}-text)` }} />;
}
