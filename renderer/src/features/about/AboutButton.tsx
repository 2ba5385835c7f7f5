import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconInfoCircle } from '@tabler/icons-react';
import { AboutModal } from './AboutModal';

export function AboutButton() {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button variant="default" size="xs" leftSection={<IconInfoCircle size={16} aria-hidden />} onClick={open}>
        About
      </Button>
      <AboutModal opened={opened} onClose={close} />
    </>
  );
}
