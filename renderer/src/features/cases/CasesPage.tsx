import { Alert, Button, CloseButton, Group } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { CaseReceipt } from '../../../../shared/domain/case-view';
import { Page } from '../../shell/Page';
import { RefusalAlert } from '../../ui/RefusalAlert';
import { usePageItem } from '../../ui/use-page-item';
import { CaseDetail } from './CaseDetail';
import { CaseRetentionForm } from './CaseRetentionForm';
import { CaseSearchList } from './CaseSearchList';
import { useCasesStore } from '../../stores/cases-store';
import { ImportCasesButton } from './ImportCasesButton';
import { ImportResults } from './ImportResults';
import { NewCaseModal } from './NewCaseModal';
import { Permitted } from '../../ui/Permitted';
import { RetentionSection } from '../../ui/RetentionSection';

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
  useCaseInAddress(openCaseId);

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

/**
 * The case open lives in the address too (`#/cases/<case id>`): a link to a case (from the log, a
 * job) opens it, and the browser's Back closes it. Whichever side changed last wins: the address
 * (a link, Back) or the page (a case opened from the list, Back to the list).
 */
function useCaseInAddress(openCaseId: string | null): void {
  const [addressCase, openInAddress] = usePageItem('cases');
  // On first showing, only an address naming a case counts: the case kept open from before stays when the address names none.
  const last = useRef<{ address: string | null; open: string | null } | null>(null);
  useEffect(() => {
    const before = last.current ?? { address: null, open: openCaseId };
    last.current = { address: addressCase, open: openCaseId };
    if (addressCase !== before.address) {
      if (addressCase === openCaseId) return;
      const { open, close } = useCasesStore.getState();
      if (addressCase === null) close();
      else open(addressCase);
    } else if (openCaseId !== before.open && openCaseId !== addressCase) {
      openInAddress(openCaseId);
    }
  }, [addressCase, openCaseId, openInAddress]);
}

function CaseListView({ onOpen }: { onOpen: (id: string, notice?: string) => void }) {
  const importOutcome = useCasesStore((s) => s.importOutcome);
  const { setImportOutcome, casesStored } = useCasesStore.getState();
  const [refusal, setRefusal] = useState<{ fileName: string; error: unknown } | null>(null);
  const [writing, setWriting] = useState(false);

  return (
    <>
      <Permitted to="cases">
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
      </Permitted>
      {refusal && <RefusalAlert error={refusal.error} title={`'${refusal.fileName}' was not imported`} />}
      {importOutcome && <ImportResults outcome={importOutcome} onOpen={(id) => onOpen(id)} onDismiss={() => setImportOutcome(null)} />}
      <CaseSearchList />
      <RetentionSection>
        <CaseRetentionForm />
      </RetentionSection>
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
