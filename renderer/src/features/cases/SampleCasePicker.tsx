import { Select } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Case } from '../../../../shared/domain/case';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';

const BLANK = '';

/** "Start from": a blank case or one of the sample cases shipped with casebridge. */
export function SampleCasePicker({ onPick }: { onPick: (sample: Case | null) => void }) {
  const api = useApi();
  const [samples, setSamples] = useState<Case[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [value, setValue] = useState<string>(BLANK);
  useEffect(() => {
    api
      .call('listSampleCases')
      .then(setSamples)
      .catch((e: unknown) => setError(`The sample cases could not be loaded: ${describeError(e)}`));
  }, [api]);
  return (
    <Select
      label="Start from"
      description="Fills the form in; change anything before storing it."
      data={[{ value: BLANK, label: 'A blank case' }, ...(samples ?? []).map((s) => ({ value: s.id, label: `${s.id} — ${s.type}` }))]}
      value={value}
      onChange={(picked) => {
        const next = picked ?? BLANK;
        setValue(next);
        onPick(samples?.find((s) => s.id === next) ?? null);
      }}
      allowDeselect={false}
      error={error}
      disabled={samples === null && !error}
      placeholder={samples === null && !error ? 'Loading the sample cases…' : undefined}
    />
  );
}
