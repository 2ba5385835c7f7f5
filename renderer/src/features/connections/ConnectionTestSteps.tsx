import { Alert, Table, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** What any connection test answers (Tascomi's and Civica Cx's share this shape). */
export interface TestResultView {
  ok: boolean;
  reason?: string;
  steps: { step: string; label: string; ok: boolean; warning?: boolean; ms: number; detail?: string }[];
  /** Tascomi: how far its clock is from this workstation's. */
  clockOffsetMs?: number;
}

/** Seconds with a sign, to one decimal: how far the server's clock is from this machine's. */
export function formatOffset(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds >= 0 ? '+' : '−'}${Math.abs(seconds).toFixed(1)} s`;
}

/** Each step of a connection test with its time, the measured clock offset, and what the caller adds below. */
export function ConnectionTestSteps({ result, title, children }: { result: TestResultView; title: string; children?: ReactNode }) {
  return (
    <Alert
      color={result.ok ? 'green' : 'red'}
      title={result.ok ? `${title}: the connection works` : `${title}: ${result.reason ?? 'the connection failed'}`}
      role={result.ok ? 'status' : 'alert'}
    >
      <Table aria-label="Connection test steps" verticalSpacing={4} withRowBorders={false}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Step</Table.Th>
            <Table.Th>Result</Table.Th>
            <Table.Th ta="right">Time</Table.Th>
            <Table.Th>Detail</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.steps.map((step) => (
            <Table.Tr key={step.step}>
              <Table.Td>{step.label}</Table.Td>
              <Table.Td>
                {step.ok && step.warning ? (
                  <ThemeIcon size="sm" radius="xl" color="orange" aria-label="passed with a warning">
                    <IconAlertTriangle size={12} />
                  </ThemeIcon>
                ) : (
                  <ThemeIcon size="sm" radius="xl" color={step.ok ? 'green' : 'red'} aria-label={step.ok ? 'passed' : 'failed'}>
                    {step.ok ? <IconCheck size={12} /> : <IconX size={12} />}
                  </ThemeIcon>
                )}
              </Table.Td>
              <Table.Td ta="right" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                {Math.round(step.ms)} ms
              </Table.Td>
              <Table.Td>{step.detail}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {result.clockOffsetMs !== undefined && (
        <Text size="sm" mt="xs">
          Tascomi&apos;s clock is {formatOffset(result.clockOffsetMs)} from this workstation&apos;s (requests are signed with the corrected time).
        </Text>
      )}
      {children}
    </Alert>
  );
}
