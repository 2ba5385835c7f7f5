import { Fieldset, NumberInput, Stack, Text } from '@mantine/core';
import { DEFAULT_RATE_LIMIT } from '../../../../shared/domain/rate-limit';
import { checkRateLimit, RATE_LIMIT_NEEDS_CORRECTING, type RateLimitDraft } from './rate-limit-draft';

/**
 * A connection's Rate limit group (both connection forms): requests per second and at once, with
 * why the limit exists. `refused` is the form's mark on `rateLimit` after a Save: each field then
 * shows its own objection; an objection the fields cannot place (the engine's) shows under the group.
 */
export function RateLimitFields({
  system,
  calledBy,
  value,
  onChange,
  refused,
}: {
  /** The remote system, as staff call it: "Tascomi". */
  system: string;
  /** Everything in casebridge that calls this connection, in words. */
  calledBy: string;
  value: RateLimitDraft;
  onChange: (next: RateLimitDraft) => void;
  refused?: string;
}) {
  const checked = refused ? checkRateLimit(value) : undefined;
  const errors = checked && !checked.ok ? checked.errors : {};
  const unplaced = refused && refused !== RATE_LIMIT_NEEDS_CORRECTING && !errors.requestsPerSecond && !errors.maxConcurrent ? refused : undefined;
  return (
    <Fieldset
      legend={
        <Text fw={600} span>
          Rate limit
        </Text>
      }
      variant="unstyled"
      p={0}
      mt="xs"
    >
      <Stack gap="sm">
        <Text size="xs" c="dimmed">
          {system} blocks clients that send it too many requests, so casebridge paces its own. One limit is shared by everything that calls {system}: {calledBy}. Work the limit
          holds back waits its turn and the Jobs page says so; when {system} answers “too many requests” (429), casebridge also waits as long as it asks.
        </Text>
        <NumberInput
          label="Requests per second"
          description={`Requests started each second, on average; decimals allowed (0.5 = one every two seconds). From 0.1 to 50; the default is ${DEFAULT_RATE_LIMIT.requestsPerSecond}.`}
          min={0.1}
          max={50}
          step={0.5}
          clampBehavior="none"
          value={value.requestsPerSecond}
          onChange={(typed) => onChange({ ...value, requestsPerSecond: typed })}
          error={errors.requestsPerSecond}
        />
        <NumberInput
          label="Requests at once"
          description={`Requests waiting for their answer at the same time. From 1 to 16; the default is ${DEFAULT_RATE_LIMIT.maxConcurrent}. Lower it if ${system} still refuses.`}
          min={1}
          max={16}
          allowDecimal={false}
          clampBehavior="none"
          value={value.maxConcurrent}
          onChange={(typed) => onChange({ ...value, maxConcurrent: typed })}
          error={errors.maxConcurrent}
        />
        {unplaced && (
          <Text size="sm" c="red" role="alert">
            Rate limit: {unplaced}
          </Text>
        )}
      </Stack>
    </Fieldset>
  );
}
