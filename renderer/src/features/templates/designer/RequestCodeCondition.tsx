import { TagsInput } from '@mantine/core';
import { codeOptions, useCodeList } from './use-code-list';

/** Limits a row to cases whose Request Code is one of these; codes can be typed when the list is not loaded. */
export function RequestCodeCondition({ codes, onChange }: { codes: string[]; onChange: (codes: string[]) => void }) {
  const list = useCodeList('complaint_codes');
  const suggestions = list?.status === 'loaded' ? codeOptions(list.entries).map((o) => o.value) : [];
  return <TagsInput size="xs" label="Only for Request Codes" description="Empty: the row always applies" data={suggestions} value={codes} onChange={onChange} clearable />;
}
