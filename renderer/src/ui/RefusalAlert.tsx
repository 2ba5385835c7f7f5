import { Alert, List } from '@mantine/core';
import { ContractCallError, describeError } from '../api/contract-call-error';

/** A refusal as an alert: the engine's sentence, then each issue with the path it names. */
export function RefusalAlert({ error, title }: { error: unknown; title?: string }) {
  const issues = error instanceof ContractCallError ? (error.issues ?? []) : [];
  return (
    <Alert color="red" role="alert" title={title}>
      {describeError(error)}
      {issues.length > 0 && (
        <List size="sm" mt="xs" aria-label="Issues">
          {issues.map((issue, i) => (
            <List.Item key={i}>{issue.path ? `${issue.path}: ${issue.message}` : issue.message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
