/** Pieces the filter bars (Log, Jobs, Audit) share. */
import { Button, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { TIME_INPUT_PLACEHOLDER, timeInputHint } from './time-format';

/** From and To in the log's format (configured zone, 24-hour), each with why its value is not used. */
export function TimeRangeInputs({
  from,
  to,
  errors,
  onType,
}: {
  from: string;
  to: string;
  errors: { from?: string; to?: string };
  onType: (key: 'from' | 'to', value: string) => void;
}) {
  return (
    <>
      <TextInput
        label="From"
        placeholder={TIME_INPUT_PLACEHOLDER}
        title={timeInputHint()}
        value={from}
        error={errors.from}
        onChange={(e) => onType('from', e.currentTarget.value)}
        spellCheck={false}
      />
      <TextInput
        label="To"
        placeholder={TIME_INPUT_PLACEHOLDER}
        title={timeInputHint()}
        value={to}
        error={errors.to}
        onChange={(e) => onType('to', e.currentTarget.value)}
        spellCheck={false}
      />
    </>
  );
}

/** Clear filters: typing not yet applied is dropped first, so it does not come back after the clear. */
export function ClearFiltersButton({ disabled, cancelTyping, onClear }: { disabled: boolean; cancelTyping: () => void; onClear: () => void }) {
  return (
    <Button
      variant="default"
      disabled={disabled}
      onClick={() => {
        cancelTyping();
        onClear();
      }}
    >
      Clear filters
    </Button>
  );
}

/** The words box: found anywhere in what the list searches (its label and placeholder say where). */
export function SearchWordsInput({ label, placeholder, value, onType }: { label: string; placeholder: string; value: string; onType: (value: string) => void }) {
  return (
    <TextInput
      label={label}
      type="search"
      placeholder={placeholder}
      leftSection={<IconSearch size={16} aria-hidden />}
      value={value}
      maxLength={200}
      onChange={(e) => onType(e.currentTarget.value)}
    />
  );
}
