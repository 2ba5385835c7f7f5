import { DataList, Loader, Modal, Text } from '@mantine/core';
import { useEffect } from 'react';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { useAppInfoStore } from '../../stores/app-info-store';
import { useProblemStore } from '../../stores/problem-store';
import { aboutFacts } from './about-facts';
import { BackupsSection } from './BackupsSection';
import { PolicySection } from './PolicySection';

export function AboutModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const api = useApi();
  const info = useAppInfoStore((state) => state.info);
  useEffect(() => {
    if (!opened) return;
    // Ask again on each opening: the engine may have restarted since the console loaded.
    api
      .call('getAppInfo')
      .then((fresh) => useAppInfoStore.setState({ info: fresh }))
      .catch((error: unknown) => useProblemStore.getState().report(`Could not load the application info: ${describeError(error)}`));
  }, [api, opened]);

  return (
    <Modal opened={opened} onClose={onClose} title="About casebridge" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      {info ? (
        <>
          <DataList labelWidth={150} withDivider aria-label="Application information">
            {aboutFacts(info).map(({ label, value, code }) => (
              <DataList.Item key={label}>
                <DataList.ItemLabel>{label}</DataList.ItemLabel>
                <DataList.ItemValue ff={code ? 'monospace' : undefined} fz={code ? 'xs' : undefined} style={{ overflowWrap: 'anywhere' }}>
                  {value}
                </DataList.ItemValue>
              </DataList.Item>
            ))}
          </DataList>
          <PolicySection />
          <BackupsSection />
        </>
      ) : (
        <Text>
          <Loader size="xs" mr="xs" />
          Loading…
        </Text>
      )}
    </Modal>
  );
}
