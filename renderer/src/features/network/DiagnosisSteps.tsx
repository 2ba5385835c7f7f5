import { Alert, Table, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconMinus, IconX } from '@tabler/icons-react';
import type { Diagnosis, DiagnosisStep } from '../../../../shared/domain/network';
import { diagnosisHeadline, STEP_RESULTS } from './diagnosis-result';
import { formatDay } from '../../ui/time-format';

const ICONS: Record<DiagnosisStep['status'], typeof IconCheck> = {
  ok: IconCheck,
  warning: IconAlertTriangle,
  failed: IconX,
  skipped: IconMinus,
  'not-run': IconMinus,
};

/** Each step of a diagnosis with its result, time, detail, certificate and advice. */
export function DiagnosisSteps({ diagnosis }: { diagnosis: Diagnosis }) {
  const headline = diagnosisHeadline(diagnosis);
  return (
    <Alert color={headline.color} role={diagnosis.ok ? 'status' : 'alert'} title={headline.title}>
      <Text size="sm" mb="xs">
        {diagnosis.target}, {diagnosis.route}.
      </Text>
      <Table aria-label={`Diagnosis of ${diagnosis.label}`} verticalSpacing={4} withRowBorders={false}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Step</Table.Th>
            <Table.Th>Result</Table.Th>
            <Table.Th ta="right">Time</Table.Th>
            <Table.Th>Detail</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {diagnosis.steps.map((step) => {
            const result = STEP_RESULTS[step.status];
            const Icon = ICONS[step.status];
            return (
              <Table.Tr key={step.name} data-step={step.name}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{step.label}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <ThemeIcon size="sm" radius="xl" color={result.color} aria-hidden>
                    <Icon size={12} />
                  </ThemeIcon>{' '}
                  {result.word}
                </Table.Td>
                <Table.Td ta="right" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {step.status === 'ok' || step.status === 'warning' || step.status === 'failed' ? `${step.ms} ms` : ''}
                </Table.Td>
                <Table.Td>
                  {step.detail}
                  {step.certificate && (
                    <Text size="xs" c="dimmed">
                      Certificate: {step.certificate.subject}; issuer {step.certificate.issuer}; expires {formatDay(step.certificate.validTo)} (
                      {step.certificate.expiresInDays >= 0 ? `in ${step.certificate.expiresInDays} days` : `${-step.certificate.expiresInDays} days ago`}).
                    </Text>
                  )}
                  {step.advice && (
                    <Text size="sm" fw={600} mt={4}>
                      What to do: {step.advice}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Alert>
  );
}
