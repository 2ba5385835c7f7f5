import { Alert, Select, Stack, TextInput } from '@mantine/core';
import { templateSchema, targetFieldOf } from '../../../../../shared/connectors/template-schemas';
import type { ConnectorId, Target } from '../../../../../shared/domain/template';
import { codeOptions, useCodeList } from './use-code-list';

/**
 * The value of a fixed text row: a code picker for a field with a code list the console can read
 * (Tascomi's), else free text (Civica Cx's codes are typed as Cx knows them and Cx checks them).
 */
export function FixedTextInput({ connector, target, value, onChange }: { connector: ConnectorId; target: Target; value: string; onChange: (value: string) => void }) {
  const field = target.kind === 'schema' ? targetFieldOf(connector, target.key) : undefined;
  const list = field?.type === 'code' && 'codeList' in field ? field.codeList : undefined;
  const codes = useCodeList(list);
  const freeText = <TextInput size="xs" label="Fixed text" value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
  if (!codes) return freeText;
  if (codes.status === 'failed') {
    return (
      <Stack gap={4}>
        <Alert color="yellow" p="xs" role="status">
          The {field?.label} code list could not be loaded ({codes.message}). Type the code instead; it is checked when {templateSchema(connector).label} is connected.
        </Alert>
        {freeText}
      </Stack>
    );
  }
  const options = codes.status === 'loaded' ? codeOptions(codes.entries) : [];
  // A value typed earlier that the list does not hold must stay visible rather than vanish.
  const data = value && !options.some((o) => o.value === value) ? [{ value, label: `${value} (not in the list)` }, ...options] : options;
  return (
    <Select
      size="xs"
      label={`${field?.label ?? 'Code'} (fixed)`}
      placeholder={codes.status === 'loading' ? 'Loading the code list…' : 'Search the code list'}
      searchable
      data={data}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      nothingFoundMessage="No code matches"
    />
  );
}
