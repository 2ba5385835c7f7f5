import { SegmentedControl } from '@mantine/core';
import { ThemePreferenceSchema, type ThemePreference } from '../../../shared/domain/preferences';
import { useApi } from '../api/api-context';
import { changeTheme, useThemePreference } from './color-scheme';
import { Permitted } from '../ui/Permitted';

const CHOICES: { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function ThemeSwitch() {
  const api = useApi();
  const theme = useThemePreference();
  // The scheme is shared by every console on this engine: changing it is a preference change.
  return (
    <Permitted to="preferences">
      <SegmentedControl aria-label="Colour scheme" size="xs" data={CHOICES} value={theme} onChange={(value) => void changeTheme(api, ThemePreferenceSchema.parse(value))} />
    </Permitted>
  );
}
