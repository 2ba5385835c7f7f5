import { Group, Menu, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconDeviceDesktop, IconKey, IconLogout, IconServer2 } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { ROLE_LABELS } from '../../../shared/domain/people';
import { ChangePasswordModal } from '../auth/ChangePasswordModal';
import { signOut } from '../auth/session-console';
import { useConnectionStore } from '../stores/connection-store';
import { useMeStore } from '../stores/me-store';
import { useProblemStore } from '../stores/problem-store';
import { consoleModeInWords } from './console-mode';
import classes from './PersonMenu.module.css';

/** The header's who and where: the person and their role, and which engine this console shows. */
export function PersonMenu() {
  const me = useMeStore((state) => state.me);
  const transportKind = useConnectionStore((state) => state.transportKind);
  const mode = consoleModeInWords(transportKind, window.location.host);
  const ModeIcon = transportKind === 'ipc' ? IconDeviceDesktop : IconServer2;
  const who = me ? `${me.name} · ${ROLE_LABELS[me.role]}` : 'Who you are is loading…';
  const label = (
    <Stack gap={0} miw={0}>
      {/*
        A long name gives way, and below the widest windows leaves the header to the connection
        badges (it stays in the tooltip); below 1200 px the engine shrinks to its icon. The role never goes.
      */}
      <Group gap={4} wrap="nowrap" title={`${who}, ${mode}`}>
        <ModeIcon size={14} stroke={1.8} aria-hidden className={classes.narrowOnly} />
        <Text size="sm" fw={600} truncate="end" maw={190} visibleFrom="xl">
          {me ? `${me.name} ·` : 'Who you are is loading…'}
        </Text>
        {me && (
          <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
            {ROLE_LABELS[me.role]}
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed" truncate="end" maw={260} visibleFrom="lg" data-testid="console-mode">
        <ModeIcon size={12} stroke={1.8} aria-hidden style={{ verticalAlign: -1, marginRight: 4 }} />
        {mode}
      </Text>
    </Stack>
  );
  if (!me?.signedIn) return <div aria-label={`${who}, ${mode}`}>{label}</div>;
  return <SignedInMenu label={label} accessibleName={`${who}, ${mode}`} />;
}

function SignedInMenu({ label, accessibleName }: { label: ReactNode; accessibleName: string }) {
  const [passwordOpened, password] = useDisclosure(false);
  const [busy, setBusy] = useState(false);
  const leave = async (path: '/auth/sign-out' | '/auth/sign-out-everywhere') => {
    setBusy(true);
    const answer = await signOut(path);
    setBusy(false);
    if (!answer.ok) useProblemStore.getState().report(`Could not sign out: ${answer.message}`);
  };
  return (
    <>
      <Menu position="bottom-end" withArrow>
        <Menu.Target>
          <UnstyledButton aria-label={`${accessibleName}: your account`} disabled={busy} px={8} py={2} className={classes.target}>
            <Group gap={6} wrap="nowrap">
              {label}
              <IconChevronDown size={14} aria-hidden />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconKey size={16} aria-hidden />} onClick={password.open}>
            Change password
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void leave('/auth/sign-out')}>
            Sign out
          </Menu.Item>
          <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void leave('/auth/sign-out-everywhere')}>
            Sign out everywhere
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ChangePasswordModal opened={passwordOpened} onClose={password.close} />
    </>
  );
}
