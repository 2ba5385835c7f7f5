import { Alert, Badge, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconEraser } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaseDetail as CaseDetailData } from '../../../../shared/domain/case-view';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { ApplyTemplateForm } from './ApplyTemplateForm';
import { CaseDataView } from './CaseDataView';
import { CaseJobsTable } from './CaseJobsTable';
import { CaseLogTable } from './CaseLogTable';
import { CaseReferencesTable } from './CaseReferencesTable';
import { DetailSection } from './DetailSection';
import { describeErasure, EraseCaseModal } from './EraseCaseModal';
import { useCasesStore } from '../../stores/cases-store';
import { formatTime } from '../../ui/log-format';
import { useEngineRefresh } from './use-engine-refresh';
import { Permitted } from '../../ui/Permitted';

/** One case: its data, References, jobs and log, loaded again as its jobs run. */
export function CaseDetail({ caseId, onBack }: { caseId: string; onBack: () => void }) {
  const api = useApi();
  const [detail, setDetail] = useState<CaseDetailData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const requestSeq = useRef(0);
  const [erasing, setErasing] = useState(false);

  const load = useCallback(async () => {
    const seq = ++requestSeq.current;
    try {
      const loaded = await api.call('getCase', { id: caseId });
      if (seq !== requestSeq.current) return;
      setDetail(loaded);
      setError(null);
    } catch (e) {
      if (seq === requestSeq.current) setError(describeError(e));
    }
  }, [api, caseId]);

  useEffect(() => {
    setDetail(null);
    setError(null);
    void load();
  }, [load]);
  // Keyboard and screen reader users start at the case, not at the button they pressed.
  useEffect(() => heading.current?.focus(), [caseId]);
  useEngineRefresh(() => void load(), { job: (job) => job.caseId === caseId, log: (entry) => entry.caseId === caseId }, 500);

  const kase = detail?.case;
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2} size="h3" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
            Case {caseId}
          </Title>
          {detail && kase && (
            <Group gap="xs">
              <Text fw={500}>{kase.type}</Text>
              {kase.status && (
                <Badge variant="outline" color="gray">
                  {kase.status}
                </Badge>
              )}
              <Text size="sm" c="dimmed">
                received {formatTime(detail.receivedAt)}
                {detail.updatedAt !== detail.receivedAt && `, updated ${formatTime(detail.updatedAt)}`}
              </Text>
            </Group>
          )}
        </Stack>
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onBack}>
          Back to cases
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert" title={detail ? 'Could not refresh the case' : 'Could not open the case'}>
          {error}
        </Alert>
      )}
      {!detail && !error && (
        <Group gap="xs">
          <Loader size="sm" />
          <Text>Loading the case…</Text>
        </Group>
      )}
      {detail && kase && (
        <>
          <CaseDataView kase={kase} />
          <DetailSection title="References">
            <CaseReferencesTable references={kase.references} />
          </DetailSection>
          <DetailSection title="Jobs">
            <Permitted to="jobs">
              <ApplyTemplateForm caseId={caseId} onQueued={() => void load()} />
            </Permitted>
            <CaseJobsTable jobs={detail.jobs} />
          </DetailSection>
          <DetailSection title="Log">
            <CaseLogTable entries={detail.log} />
          </DetailSection>
          <Permitted to="retention">
            <DetailSection title="Danger zone">
              <Text size="sm">
                Erase this case&apos;s personal data from casebridge, for example when the resident asks. The Service Request in Tascomi (and the Cx repair) is not touched.
              </Text>
              <Group>
                <Button color="red" variant="outline" leftSection={<IconEraser size={16} />} onClick={() => setErasing(true)}>
                  Erase personal data…
                </Button>
              </Group>
            </DetailSection>
            <EraseCaseModal
              caseId={caseId}
              opened={erasing}
              onClose={() => setErasing(false)}
              onErased={(erasure) => useCasesStore.getState().caseErased(describeErasure(erasure))}
            />
          </Permitted>
        </>
      )}
    </Stack>
  );
}
