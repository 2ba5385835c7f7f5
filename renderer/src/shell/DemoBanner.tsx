import { Alert } from '@mantine/core';
import { IconFlask } from '@tabler/icons-react';
import { useAppInfoStore } from '../stores/app-info-store';

/**
 * On every page while the engine runs in demo mode, so nobody mistakes the emulator's records for
 * a council's. A named region rather than an alert: it is there from the start and never changes.
 */
export function DemoBanner() {
  const demo = useAppInfoStore((store) => store.info?.demo);
  if (!demo) return null;
  return (
    <Alert role="region" aria-label="Demo mode" color="grape" variant="light" mb="lg" icon={<IconFlask aria-hidden />} title="Demo mode">
      This console works against a Tascomi emulator on this machine ({demo.tascomiUrl}), not a real Tascomi, and keeps its data in a folder of its own. Some requests fail on
      purpose, to show retries and failures.
    </Alert>
  );
}
