import { Alert } from '@mantine/core';
import type { DroppedParts } from './use-filter-in-address';

/** Says which parts of a filter the list does not use, and where they came from (the address or the saved copy). */
export function DroppedFilterAlert({ dropped, onDismiss }: { dropped: DroppedParts; onDismiss: () => void }) {
  if (dropped.values.length === 0) return null;
  return (
    <Alert color="yellow" role="alert" title="Part of the filter was left out" withCloseButton closeButtonLabel="Dismiss" onClose={onDismiss}>
      These values {dropped.from === 'address' ? 'in the address' : 'of the filter saved last time'} were not valid, so the list does not use them: {dropped.values.join('; ')}.
    </Alert>
  );
}
