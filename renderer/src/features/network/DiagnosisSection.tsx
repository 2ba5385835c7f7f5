import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ConnectionSummary, Diagnosis } from '../../../../shared/domain/network';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { DiagnosisSteps } from './DiagnosisSteps';
import { ResultInView } from '../../ui/ResultInView';
import { Permitted } from '../../ui/Permitted';

/** One configured connection: Diagnose, and its steps. */
function ConnectionDiagnosis({ connection }: { connection: ConnectionSummary }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Diagnosis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.call('diagnoseConnection', { connector: connection.connector }));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="sm" component="section" aria-label={`${connection.label} connection`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <div>
            <Text fw={600}>{connection.label}</Text>
            <Text size="sm" c="dimmed">
              {connection.baseUrl ?? 'No address yet.'}
            </Text>
          </div>
          <Permitted to="diagnose">
            <Button onClick={() => void run()} loading={busy} disabled={!connection.configured} aria-label={`Diagnose ${connection.label}`}>
              Diagnose
            </Button>
          </Permitted>
        </Group>
        {!connection.configured && <Text size="sm">{connection.reason}</Text>}
        {busy && (
          <Text size="sm" role="status">
            Diagnosing: looking up, connecting and asking {connection.label}…
          </Text>
        )}
        <ResultInView result={result ?? error}>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          {result && <DiagnosisSteps diagnosis={result} />}
        </ResultInView>
      </Stack>
    </Paper>
  );
}

export function DiagnosisSection({ connections }: { connections: ConnectionSummary[] }) {
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Each step is timed: the address and route, DNS, the TCP connection, TLS and its certificate, the HTTP answer, authentication with the saved keys, the clocks, and for
        Tascomi the case reference field its duplicate guard needs. The first failure says what it means and what to do.
      </Text>
      {connections.map((c) => (
        // A diagnosis is of the address it was run against: a new address starts with none.
        <ConnectionDiagnosis key={`${c.connector} ${c.baseUrl ?? ''}`} connection={c} />
      ))}
    </Stack>
  );
}
