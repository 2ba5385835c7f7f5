import { Checkbox } from '@mantine/core';
import { personalReason } from '../../../../../shared/connectors/template-schemas';
import type { ConnectorId, OutgoingRow } from '../../../../../shared/domain/template';

const ALREADY: Record<'target' | 'source', string> = {
  target: 'Always: this field holds personal details',
  source: "Always: the value is a person's or an address's detail",
};

/**
 * Whether the log hides the row's value until someone reveals it. A row whose field or source is
 * personal is so whatever the box says (shown ticked and fixed, saying why); any other row can be
 * marked by the admin (an additional field with a name in it, say).
 */
export function PersonalMark({ connector, row, onChange }: { connector: ConnectorId; row: OutgoingRow; onChange: (personal: boolean | undefined) => void }) {
  const reason = personalReason(connector, row);
  const fixed = reason === 'target' || reason === 'source';
  return (
    <Checkbox
      size="xs"
      label="Personal details (hidden in the log until revealed)"
      description={fixed ? ALREADY[reason] : undefined}
      checked={reason !== null}
      disabled={fixed}
      // Unticked leaves no mark in the template at all, as before the mark existed.
      onChange={(event) => onChange(event.currentTarget.checked ? true : undefined)}
    />
  );
}
