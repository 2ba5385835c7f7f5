import { Badge, Button, Code, Group, Stack, Text, Timeline, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import type { AttemptView } from '../../../shared/domain/log-filter';
import { formatDuration, formatLogTime, OUTCOME_COLOURS, OUTCOME_LABELS } from './log-format';

/**
 * A job's attempts, oldest first: when, how long, the outcome and error class, why it was or was
 * not retried and when the next runs. In the log's drawer, `currentId` marks the entry open and
 * `onOpen` opens another; in a job's detail, each attempt's request and answer can be unfolded.
 */
export function AttemptTimeline({ attempts, currentId, onOpen }: { attempts: AttemptView[]; currentId?: number; onOpen?: (id: number) => void }) {
  const currentIndex = attempts.findIndex((a) => a.entryId === currentId);
  return (
    <Timeline active={currentIndex >= 0 ? currentIndex : attempts.length - 1} bulletSize={18} lineWidth={2} aria-label="Attempt timeline">
      {attempts.map((attempt) => (
        <Timeline.Item
          key={attempt.entryId}
          color={OUTCOME_COLOURS[attempt.outcome]}
          title={
            <Group gap="xs">
              <Text fw={500} size="sm">
                Attempt {attempt.attempt}
              </Text>
              <Badge size="xs" variant="light" color={OUTCOME_COLOURS[attempt.outcome]}>
                {OUTCOME_LABELS[attempt.outcome]}
              </Badge>
              {attempt.errorClass && (
                <Badge size="xs" variant="outline" color="gray">
                  {attempt.errorClass}
                </Badge>
              )}
            </Group>
          }
        >
          <Text size="xs" c="dimmed">
            <time dateTime={attempt.time}>{formatLogTime(attempt.time)}</time>
            {attempt.durationMs !== undefined && `, took ${formatDuration(attempt.durationMs)}`}
          </Text>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {attempt.message}
          </Text>
          {attempt.retryAt && (
            <Text size="sm">
              Next attempt at <time dateTime={attempt.retryAt}>{formatLogTime(attempt.retryAt)}</time>
            </Text>
          )}
          {attempt.entryId === currentId ? (
            <Text size="xs" c="dimmed">
              This entry
            </Text>
          ) : (
            onOpen && (
              <Button variant="subtle" size="compact-xs" px={0} onClick={() => onOpen(attempt.entryId)}>
                Open this attempt's entry
              </Button>
            )
          )}
          {(attempt.request !== undefined || attempt.response !== undefined) && <AttemptExchange attempt={attempt} />}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

/** An attempt's request and answer, folded until asked for (a job may have many attempts). */
function AttemptExchange({ attempt }: { attempt: AttemptView }) {
  const [open, setOpen] = useState(false);
  return (
    <Stack gap={4} mt={4}>
      <UnstyledButton fz="xs" c="blue" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? `Hide attempt ${attempt.attempt}'s request and answer` : `Show attempt ${attempt.attempt}'s request and answer`}
      </UnstyledButton>
      {open && (
        <>
          {attempt.request !== undefined && <Exchange title={`Request of attempt ${attempt.attempt}`} text={attempt.request} />}
          {attempt.response !== undefined && <Exchange title={`Answer to attempt ${attempt.attempt}`} text={attempt.response} />}
        </>
      )}
    </Stack>
  );
}

/** A request or an answer as logged, JSON indented. */
export function Exchange({ title, text }: { title: string; text: string }) {
  return (
    <section aria-label={title}>
      <Text fw={500} size="sm" mb={4}>
        {title}
      </Text>
      <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: 360, overflow: 'auto' }}>
        {prettyJson(text)}
      </Code>
    </section>
  );
}

/** Logged bodies are often JSON on one line: indented, they can be read. Anything else is shown as it is. */
function prettyJson(text: string): string {
  const start = text.search(/[[{]/);
  if (start < 0) return text;
  try {
    return `${text.slice(0, start)}${JSON.stringify(JSON.parse(text.slice(start)), null, 2)}`;
  } catch {
    return text;
  }
}
