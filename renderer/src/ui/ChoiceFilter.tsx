import { MultiSelect } from '@mantine/core';
import classes from './ChoiceFilter.module.css';

/** A filter's multi-select whose choices are also read out with it (the pills alone are not announced). */
export function ChoiceFilter({
  label,
  anyText,
  data,
  value,
  onChange,
  searchable,
}: {
  label: string;
  /** What no choice means ("Any level"), shown and read out while nothing is chosen. */
  anyText: string;
  data: { value: string; label: string }[];
  value: string[];
  onChange: (value: string[]) => void;
  searchable?: boolean;
}) {
  const labels = value.map((v) => data.find((d) => d.value === v)?.label ?? v);
  return (
    <MultiSelect
      label={label}
      description={value.length ? `Chosen: ${labels.join(', ')}` : anyText}
      descriptionProps={{ className: classes.visuallyHidden }}
      placeholder={value.length ? undefined : anyText}
      data={data}
      value={value}
      onChange={onChange}
      searchable={searchable}
      clearable
    />
  );
}
