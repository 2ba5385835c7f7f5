import { Alert, List, Text } from '@mantine/core';
import type { WriteAccessConfirmation } from '../../../../shared/domain/tascomi';

const OUTCOME: Record<WriteAccessConfirmation['checks'][number]['outcome'], string> = {
  confirmed: '✓ confirmed',
  refused: '✗ refused',
  not_confirmed: '! not confirmed',
};

/** What the confirmation did per table, and every record it left in Tascomi (for the admin to remove there). */
export function WriteAccessConfirmationResult({ result }: { result: WriteAccessConfirmation }) {
  return (
    <Alert
      color={result.ok ? 'green' : 'orange'}
      role={result.ok ? 'status' : 'alert'}
      title={result.ok ? 'Create & Update confirmed: records were written and read back' : 'Write access not confirmed for every table'}
      aria-label="Write access confirmation"
    >
      {result.checks.length === 0 && result.reason && <Text size="sm">{result.reason}</Text>}
      <List size="sm" spacing={4}>
        {result.checks.map((check) => (
          <List.Item key={check.table}>
            <Text size="sm" span fw={600}>
              {check.table}: {OUTCOME[check.outcome]}.
            </Text>{' '}
            {check.detail}
          </List.Item>
        ))}
      </List>
      <Text size="sm" mt="xs" data-testid="created-records">
        {result.created.length > 0
          ? `Records created in Tascomi (casebridge does not delete them; cease or delete them there): ${result.created.map((c) => `${c.table} ${c.id}`).join(', ')}. Marked ${result.marker}.`
          : 'No record was created.'}
      </Text>
    </Alert>
  );
}
