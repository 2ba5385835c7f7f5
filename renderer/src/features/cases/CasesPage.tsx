import { Alert, Button, CloseButton, Divider, Group, Stack, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { CaseReceipt } from '../../../../shared/domain/case-view';
import { Page } from '../../shell/Page';
import { RefusalAlert } from '../../ui/RefusalAlert';
import { CaseDetail } from './CaseDetail';
import { CaseRetentionForm } from './CaseRetentionForm';
import { CaseSearchList } from './CaseSearchList';
import { useCasesStore } from '../../stores/cases-store';
import { ImportCasesButton } from './ImportCasesButton';
import { ImportResults } from './ImportResults';
import { NewCaseModal } from './NewCaseModal';

const DESCRIPTION =
  'Cases received from the CRM (by webhook or import), their References to back-office records, and the jobs that carry them there. Open a case to see its data, jobs and log, or to apply a template by hand.';

const OUTCOME_WORDS: Record<CaseReceipt['outcome'], string> = {
  created: 'stored as a new case',
  updated: 'stored, updating the case',
  unchanged: 'unchanged: the same case was stored already',
  invalid: 'refused',
};

export function CasesPage() {
  const openCaseId = useCasesStore((s) => s.openCaseId);
  const notice = useCasesStore((s) => s.notice);
  const { open, close, setNotice } = useCasesStore.getState();

  return (
    <Page title="Cases" description={DESCRIPTION}>
      {notice && (
        <Alert color="green" role="status">
          <Group justify="space-between" wrap="nowrap">
            {notice}
            <CloseButton aria-label="Dismiss" onClick={() => setNotice(null)} />
          </Group>
        </Alert>
      )}
      {openCaseId ? <CaseDetail key={openCaseId} caseId={openCaseId} onBack={close} /> : <CaseListView onOpen={open} />}
    </Page>
  );
}

function CaseListView({ onOpen }: { onOpen: (id: string, notice?: string) => void }) {
  const importOutcome = useCasesStore((s) => s.importOutcome);
  const { setImportOutcome, casesStored } = useCasesStore.getState();
  const [refusal, setRefusal] = useState<{ fileName: string; error: unknown } | null>(null);
  const [writing, setWriting] = useState(false);

  return (
    <>
      <Group>
        <ImportCasesButton
          onImported={(fileName, receipts) => {
            setRefusal(null);
            setImportOutcome({ fileName, receipts });
            casesStored();
          }}
          onRefused={(fileName, error) => {
            setImportOutcome(null);
            setRefusal({ fileName, error });
          }}
        />
        <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setWriting(true)}>
          New test case
        </Button>
      </Group>
      {refusal && <RefusalAlert error={refusal.error} title={`'${refusal.fileName}' was not imported`} />}
      {importOutcome && <ImportResults outcome={importOutcome} onOpen={(id) => onOpen(id)} onDismiss={() => setImportOutcome(null)} />}
      <CaseSearchList />
      <Divider />
      <Stack gap="xs">
        <Title order={2} size="h4">
          Retention
        </Title>
        <CaseRetentionForm />
      </Stack>
      <NewCaseModal
        opened={writing}
        onClose={() => setWriting(false)}
        onStored={(receipt) => {
          setWriting(false);
          casesStored();
          const jobs = receipt.jobIds.length;
          onOpen(receipt.caseId!, `Test case ${receipt.caseId} ${OUTCOME_WORDS[receipt.outcome]}; ${jobs} ${jobs === 1 ? 'job' : 'jobs'} queued by the rules.`);
        }}
      />
    </>
  );
}
