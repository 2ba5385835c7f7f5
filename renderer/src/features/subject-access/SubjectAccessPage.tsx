import { Alert, Button, Group, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ACCESS_REASON_MAX } from '../../../../shared/domain/access-audit';
import type { SubjectAccessSearch } from '../../../../shared/domain/subject-access';
import { useApi } from '../../api/api-context';
import { ContractCallError, describeError } from '../../api/contract-call-error';
import { Page } from '../../shell/Page';
import { SubjectAccessResult } from './SubjectAccessResult';
import { EMPTY_FORM, placeIssues, searchInput, type PlacedIssues, type SubjectAccessField, type SubjectAccessForm } from './subject-access-form';

const DESCRIPTION =
  'Answer a subject access request: find every case, job and log entry that names a person, check what was found, then export it as one JSON file. The search and the export are recorded in the access audit with the reason you give.';

/** How often the page asks how a search is going. */
const POLL_MS = 250;
const NO_ISSUES: PlacedIssues = { fields: {}, general: [] };

export function SubjectAccessPage() {
  const api = useApi();
  const [form, setForm] = useState<SubjectAccessForm>(EMPTY_FORM);
  const [issues, setIssues] = useState<PlacedIssues>(NO_ISSUES);
  const [search, setSearch] = useState<SubjectAccessSearch | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Each search (and each edit of the form) has its own number: a search overtaken, or a page left, stops being followed.
  const current = useRef(0);
  useEffect(
    () => () => {
      current.current++;
    },
    [],
  );

  const set = (field: SubjectAccessField, value: string) => {
    setForm({ ...form, [field]: value });
    setIssues({ ...issues, fields: { ...issues.fields, [field]: undefined } });
    // What was found was found for the form as it was: an export must not go out under other words.
    if (search || error) {
      current.current++;
      setSearch(null);
      setError(null);
      setBusy(false);
    }
  };

  const find = async (event: FormEvent) => {
    event.preventDefault();
    const mine = ++current.current;
    const stillMine = () => current.current === mine;
    setBusy(true);
    setIssues(NO_ISSUES);
    setError(null);
    setSearch(null);
    try {
      let state = await api.call('findSubjectAccess', searchInput(form));
      while (stillMine()) {
        setSearch(state);
        if (state.state !== 'searching') break;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (stillMine()) state = await api.call('getSubjectAccess', { requestId: state.requestId });
      }
    } catch (err) {
      if (!stillMine()) return;
      if (err instanceof ContractCallError && err.code === 'invalid_input' && err.issues?.length) {
        const placed = placeIssues(err.issues);
        setIssues(placed);
        setError(placed.general.length > 0 ? placed.general.join('; ') : 'Correct the fields marked above.');
      } else {
        setError(describeError(err));
      }
    } finally {
      if (stillMine()) setBusy(false);
    }
  };

  const field = (name: SubjectAccessField, label: string, more: { description?: string; maxLength: number; placeholder?: string; type?: string }) => (
    <TextInput label={label} value={form[name]} onChange={(e) => set(name, e.currentTarget.value)} error={issues.fields[name]} spellCheck={false} autoComplete="off" {...more} />
  );

  return (
    <Page title="Subject access" description={DESCRIPTION}>
      <form onSubmit={(e) => void find(e)} aria-label="Subject access request" noValidate>
        <Stack gap="sm" maw={760}>
          <Text size="sm">
            Name the person by any of these; every case, job and log entry that names them by one of them is found. A name needs both the given and the family name, as recorded
            (case and accents do not matter): a family name alone would find other residents. An email, phone, person reference or UPRN must match a whole value; 07700 900123 and
            +44 (0)7700 900123 are the same number.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {field('givenName', 'Given name(s)', { maxLength: 100 })}
            {field('familyName', 'Family name', { maxLength: 100 })}
            {field('email', 'Email', { maxLength: 254, type: 'email' })}
            {field('phone', 'Phone', { maxLength: 40, type: 'tel', placeholder: 'e.g. 07700 900123' })}
            {field('personReference', 'Person reference', { maxLength: 100, description: "The person's reference on cases (the CRM's or a tenant reference)." })}
            {field('uprn', 'UPRN', { maxLength: 12, description: 'The address’s Unique Property Reference Number (digits).' })}
          </SimpleGrid>
          <Textarea
            label="Reason"
            description="Recorded in the access audit with the search and the export: the request's reference, who asked and when."
            placeholder="e.g. SAR 2026/114, received by email on 2 March"
            value={form.reason}
            onChange={(e) => set('reason', e.currentTarget.value)}
            error={issues.fields.reason}
            maxLength={ACCESS_REASON_MAX}
            autosize
            minRows={2}
            withAsterisk
          />
          <Group>
            <Button type="submit" leftSection={<IconSearch size={16} aria-hidden />} loading={busy}>
              Find
            </Button>
          </Group>
        </Stack>
      </form>
      {error && (
        <Alert color="red" role="alert" title="Could not search" maw={760}>
          {error}
        </Alert>
      )}
      {search && <SubjectAccessResult search={search} />}
    </Page>
  );
}
