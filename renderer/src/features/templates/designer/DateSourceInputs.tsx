import { Group, Select, TextInput } from '@mantine/core';
import type { Source } from '../../../../../shared/domain/template';

type DateSource = Extract<Source, { kind: 'date' }>;

const TIME_ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Europe/London', 'UTC'];
  }
})();

/** How a case date is written: Luxon format tokens and the zone it is shown in. */
export function DateSourceInputs({ source, onChange }: { source: DateSource; onChange: (s: DateSource) => void }) {
  return (
    <Group gap="xs" grow>
      <TextInput size="xs" label="Date format" description="Luxon tokens" value={source.format} onChange={(e) => onChange({ ...source, format: e.currentTarget.value })} />
      <Select
        size="xs"
        label="Time zone"
        description="Shown in this zone"
        searchable
        data={TIME_ZONES.includes(source.zone) ? TIME_ZONES : [source.zone, ...TIME_ZONES]}
        value={source.zone}
        onChange={(zone) => zone && onChange({ ...source, zone })}
        allowDeselect={false}
      />
    </Group>
  );
}
