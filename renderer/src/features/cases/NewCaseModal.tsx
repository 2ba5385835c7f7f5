import { Alert, Button, Group, List, Modal, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CaseReceipt } from '../../../../shared/domain/case-view';
import type { ContractIssue } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';
import { ContractCallError, describeError } from '../../api/contract-call-error';
import { AddressFieldset } from './AddressFieldset';
import { blankForm, caseFromForm, formErrorsFromIssues, formFromCase, leftOutOf, type CaseForm, type FormErrors } from './case-form';
import { DateRowsEditor } from './DateRowsEditor';
import { FieldRowsEditor } from './FieldRowsEditor';
import { PersonFieldset } from './PersonFieldset';
import { SampleCasePicker } from './SampleCasePicker';

/** The error keys of the rows an edit touched (the editors replace only the rows they change). */
const changedRows = (prefix: string, next: { key: string }[], previous: { key: string }[]) => next.filter((row) => !previous.includes(row)).map((row) => `${prefix}.${row.key}`);

type Problem = { message: string; unplaced: ContractIssue[] };

/**
 * "New test case": a case written by hand (or from a sample) and stored as if the CRM had sent it.
 * The engine checks it; its objections show at the inputs they are about.
 */
export function NewCaseModal({ opened, onClose, onStored }: { opened: boolean; onClose: () => void; onStored: (receipt: CaseReceipt) => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New test case" size="xl">
      {/* Mounted only while open: each opening starts from a fresh form with a fresh id. */}
      {opened && <NewCaseForm onCancel={onClose} onStored={onStored} />}
    </Modal>
  );
}

function NewCaseForm({ onCancel, onStored }: { onCancel: () => void; onStored: (receipt: CaseReceipt) => void }) {
  const api = useApi();
  const [form, setForm] = useState<CaseForm>(() => blankForm());
  const [errors, setErrors] = useState<FormErrors>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [leftOut, setLeftOut] = useState<string[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  // After a refusal the keyboard goes to the first marked input, which may be scrolled out of view.
  useEffect(() => {
    if (problem) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [problem]);

  /** Changing an input clears its own error; the others stay until the next try. */
  const change = (patch: Partial<CaseForm>, cleared: string[]) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([key]) => !cleared.some((c) => key === c || key.startsWith(`${c}.`)))));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const built = caseFromForm(form);
    if ('errors' in built) {
      setErrors(built.errors);
      setProblem({ message: 'Not stored: see the marked inputs.', unplaced: [] });
      return;
    }
    setBusy(true);
    try {
      const receipt = await api.call('submitCase', { case: built.case });
      if (receipt.outcome !== 'invalid') return onStored(receipt);
      // The contract checks the case first, so this is unexpected; its issues are inside the case.
      const placed = formErrorsFromIssues(
        (receipt.issues ?? []).map((i) => ({ ...i, path: `case.${i.path}` })),
        form,
      );
      setErrors(placed.errors);
      setProblem({ message: 'Not stored: the case is not valid. See the marked inputs.', unplaced: placed.unplaced });
    } catch (error) {
      if (error instanceof ContractCallError && error.code === 'invalid_input' && error.issues?.length) {
        const placed = formErrorsFromIssues(error.issues, form);
        setErrors(placed.errors);
        setProblem({ message: 'Not stored: the case is not valid. See the marked inputs.', unplaced: placed.unplaced });
      } else {
        setErrors({});
        setProblem({ message: `Not stored: ${describeError(error)}`, unplaced: [] });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={(e) => void submit(e)} aria-label="New test case" noValidate>
      <Stack gap="md">
        <SampleCasePicker
          onPick={(sample) => {
            setForm(sample ? formFromCase(sample) : blankForm());
            setLeftOut(sample ? leftOutOf(sample) : []);
            setErrors({});
            setProblem(null);
          }}
        />
        {leftOut.length > 0 && (
          <Text size="sm" c="dimmed">
            Not carried over from the sample (the form holds one address and one person): {leftOut.join(', ')}.
          </Text>
        )}
        <Group grow align="flex-start">
          <TextInput
            label="Case id"
            description="The CRM's reference; an existing id updates that case"
            value={form.id}
            onChange={(e) => change({ id: e.currentTarget.value }, ['id'])}
            error={errors.id}
            required
            spellCheck={false}
            data-autofocus
          />
          <TextInput
            label="Type"
            description="e.g. Fly-tipping report; rules match on it"
            value={form.type}
            onChange={(e) => change({ type: e.currentTarget.value }, ['type'])}
            error={errors.type}
            required
          />
          <TextInput label="Status" value={form.status} onChange={(e) => change({ status: e.currentTarget.value }, ['status'])} error={errors.status} />
        </Group>
        <Textarea
          label="Summary"
          autosize
          minRows={1}
          maxRows={4}
          value={form.summary}
          onChange={(e) => change({ summary: e.currentTarget.value }, ['summary'])}
          error={errors.summary}
        />
        <Stack gap={4} role="group" aria-labelledby="new-case-fields">
          <Title order={3} size="h5" id="new-case-fields">
            Fields
          </Title>
          <FieldRowsEditor rows={form.fields} errors={errors} onChange={(fields) => change({ fields }, changedRows('fields', fields, form.fields))} />
        </Stack>
        <Stack gap={4} role="group" aria-labelledby="new-case-dates">
          <Title order={3} size="h5" id="new-case-dates">
            Dates
          </Title>
          <DateRowsEditor rows={form.dates} errors={errors} onChange={(dates) => change({ dates }, changedRows('dates', dates, form.dates))} />
        </Stack>
        <AddressFieldset address={form.address} errors={errors} onChange={(input, value) => change({ address: { ...form.address, [input]: value } }, [`address.${input}`])} />
        <PersonFieldset person={form.person} errors={errors} onChange={(input, value) => change({ person: { ...form.person, [input]: value } }, [`person.${input}`])} />
        {problem && (
          <Alert color="red" role="alert">
            {problem.message}
            {problem.unplaced.length > 0 && (
              <List size="sm" mt="xs" aria-label="Issues">
                {problem.unplaced.map((issue, i) => (
                  <List.Item key={i}>{issue.path ? `${issue.path}: ${issue.message}` : issue.message}</List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Store test case
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
