import { Alert, Loader, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaseSummary } from '../../../../shared/domain/case-view';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { CaseListTable } from './CaseListTable';
import { useCasesStore } from '../../stores/cases-store';
import { useEngineRefresh } from './use-engine-refresh';

/** The most the list asks for; a search narrows it down. */
const LIST_LIMIT = 100;

/** The search box and the cases it finds, newest received first, kept up to date as cases arrive. */
export function CaseSearchList() {
  const api = useApi();
  const search = useCasesStore((s) => s.search);
  const setSearch = useCasesStore((s) => s.setSearch);
  const open = useCasesStore((s) => s.open);
  const lastOpenedId = useCasesStore((s) => s.lastOpenedId);
  const listVersion = useCasesStore((s) => s.listVersion);
  const focusRestored = useCasesStore((s) => s.focusRestored);
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // Answers can overtake each other while someone types; only the newest request's answer counts.
  const requestSeq = useRef(0);

  const load = useCallback(async () => {
    const seq = ++requestSeq.current;
    setLoading(true);
    try {
      const found = await api.call('listCases', { search: debounced, limit: LIST_LIMIT });
      if (seq !== requestSeq.current) return;
      setCases(found);
      setError(null);
    } catch (e) {
      if (seq === requestSeq.current) setError(describeError(e));
    } finally {
      if (seq === requestSeq.current) setLoading(false);
    }
  }, [api, debounced]);

  useEffect(() => {
    void load();
  }, [load, listVersion]);
  // A case received by the webhook, or changed by a job, is logged with its id; an imported file
  // (perhaps by another console) is logged by the `cases` source without one.
  useEngineRefresh(() => void load(), { log: (entry) => entry.caseId !== undefined || entry.source === 'cases' }, 1000);

  return (
    <Stack gap="sm" component="section" aria-label="Case list">
      <TextInput
        label="Search cases"
        description="By case id, type or any field value."
        placeholder="e.g. CAS-2026 or Fly-tipping"
        leftSection={<IconSearch size={16} />}
        rightSection={loading && cases ? <Loader size="xs" aria-label="Searching" /> : null}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maxLength={200}
        type="search"
        maw={480}
      />
      {error && (
        <Alert color="red" role="alert" title="Could not load the cases">
          {error}
        </Alert>
      )}
      {cases === null ? (
        !error && (
          <Group gap="xs">
            <Loader size="sm" />
            <Text>Loading cases…</Text>
          </Group>
        )
      ) : cases.length === 0 ? (
        <Text c="dimmed" role="status">
          {debounced
            ? `No case matches '${debounced}'.`
            : 'No cases yet. Import a file of cases, write a test case, or turn on the case intake on the Connections page so the CRM can send them.'}
        </Text>
      ) : (
        <>
          <CaseListTable cases={cases} onOpen={(id) => open(id)} focusId={lastOpenedId} onFocused={focusRestored} />
          <Text size="sm" c="dimmed" role="status">
            {cases.length === LIST_LIMIT
              ? `Showing the newest ${LIST_LIMIT} ${debounced ? 'matching cases' : 'cases'}; search to narrow them down.`
              : `${cases.length} ${cases.length === 1 ? 'case' : 'cases'}${debounced ? ` matching '${debounced}'` : ''}, newest received first.`}
          </Text>
        </>
      )}
    </Stack>
  );
}
