import { Alert, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconDatabaseX } from '@tabler/icons-react';
import { HEALTH_ALARM_TITLES, type HealthAlarm } from '../../../shared/domain/health';
import { formatLogTime } from '../ui/log-format';
import { useHealthStore } from '../stores/health-store';

/**
 * The engine's health alarms, on every page until the engine clears them: they are not dismissed,
 * because they are true until someone fixes the cause. Each is an alert (announced when it appears)
 * that the keyboard can reach, so a person tabbing through the page meets it too.
 */
export function HealthBanner() {
  const alarms = useHealthStore((store) => store.alarms);
  if (alarms.length === 0) return null;
  return (
    <Stack gap="sm" mb="lg">
      {alarms.map((alarm) => (
        <HealthAlert key={alarm.id} alarm={alarm} />
      ))}
    </Stack>
  );
}

function HealthAlert({ alarm }: { alarm: HealthAlarm }) {
  const error = alarm.level === 'error';
  return (
    <Alert
      role="alert"
      tabIndex={0}
      aria-label={HEALTH_ALARM_TITLES[alarm.id]}
      color={error ? 'red' : 'yellow'}
      variant={error ? 'filled' : 'light'}
      icon={error ? <IconDatabaseX aria-hidden /> : <IconAlertTriangle aria-hidden />}
      title={HEALTH_ALARM_TITLES[alarm.id]}
    >
      <Text size="sm">{alarm.message}</Text>
      <Text size="xs" mt={4}>
        Since {formatLogTime(alarm.since)}
      </Text>
    </Alert>
  );
}
