import { Alert, Anchor, Badge, Button, Drawer, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { LogEntryDetail } from '../../../../shared/domain/log-filter';
import type { TemplateSummary } from '../../../../shared/domain/template';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { formatDuration, LEVEL_COLOURS, OUTCOME_COLOURS, OUTCOME_LABELS } from '../../ui/log-format';
import { AttemptTimeline, Exchange } from '../../ui/AttemptTimeline';
import { FieldRow } from '../../ui/FieldRow';
import { pageItemHref } from '../../ui/page-address';
import { templateLabel } from '../../ui/template-names';
import { RevealPersonalForm } from './RevealPersonalForm';
import { Permitted } from '../../ui/Permitted';

/**
 * One entry: its fields, its job's attempts as a timeline, and the request and answer as logged
 * (secrets were never written; person and address details hidden unless revealed for a reason,
 * which the engine records in the access audit with who asked). Its case, template and job are links
 * to their pages, the template named as people know it.
 */
export function LogEntryDrawer({
  id,
  onClose,
  onOpen,
  templates,
}: {
  id: number | null;
  onClose: () => void;
  onOpen: (id: number) => void;
  /** The templates now, to name the entry's template (null while unread). */
  templates: TemplateSummary[] | null;
}) {
  const api = useApi();
  const [hidden, setHidden] = useState<LogEntryDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Revealing is a choice made for one entry while it is open, with its reason.
  const [revealed, setRevealed] = useState<{ id: number; detail: LogEntryDetail } | null>(null);
  const [asking, setAsking] = useState(false);
  const [loading, setLoading] = useState(false);
  // The keyboard goes on from where the reveal form was: to Hide after revealing, back to Reveal after Cancel.
  const [focusNext, setFocusNext] = useState<'reveal' | 'hide' | null>(null);
  const revealButton = useRef<HTMLButtonElement>(null);
  const hideButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    // Closed or another entry: shown hidden again, and a reveal asks why again.
    setRevealed(null);
    setAsking(false);
    if (id === null) return;
    let current = true;
    setLoading(true);
    setError(null);
    api
      .call('getLogEntry', { id })
      .then((answer) => current && setHidden(answer))
      .catch((e: unknown) => {
        if (!current) return;
        setHidden(null);
        setError(describeError(e));
      })
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [api, id]);

  useEffect(() => {
    if (focusNext === null) return;
    (focusNext === 'hide' ? hideButton : revealButton).current?.focus();
    setFocusNext(null);
  }, [focusNext]);

  const revealedNow = revealed !== null && revealed.id === id ? revealed.detail : null;
  const isRevealed = revealedNow !== null;
  const detail = revealedNow ?? hidden;
  const entry = detail?.entry.id === id ? detail.entry : null;
  const hasPersonal = detail !== null && (detail.personalHidden || isRevealed);

  const reveal = async (reason: string) => {
    if (id === null) return;
    const answer = await api.call('getLogEntry', { id, revealPersonal: true, reason });
    setRevealed({ id, detail: answer });
    setAsking(false);
    setFocusNext('hide');
  };

  return (
    <Drawer opened={id !== null} onClose={onClose} position="right" size="xl" title={id !== null ? `Log entry ${id}` : ''}>
      {error && (
        <Alert color="red" role="alert" title="Could not open the entry">
          {error}
        </Alert>
      )}
      {!entry && !error && (
        <Group gap="xs" role="status">
          <Loader size="sm" />
          <Text size="sm">Loading the entry…</Text>
        </Group>
      )}
      {entry && detail && (
        <Stack gap="md" aria-busy={loading}>
          <div>
            <Text style={{ overflowWrap: 'anywhere' }}>{entry.message}</Text>
            {entry.person !== undefined && (
              <Text size="sm" c="dimmed">
                by {entry.person}
              </Text>
            )}
          </div>
          <Table aria-label="Entry fields" withRowBorders={false} verticalSpacing={4}>
            <Table.Tbody>
              <FieldRow name="Time" value={<time dateTime={entry.time}>{entry.time}</time>} />
              <FieldRow
                name="Level"
                value={
                  <Badge size="sm" variant="light" color={LEVEL_COLOURS[entry.level]}>
                    {entry.level}
                  </Badge>
                }
              />
              <FieldRow name="Source" value={entry.source} />
              {entry.outcome && (
                <FieldRow
                  name="Outcome"
                  value={
                    <Badge size="sm" variant="dot" color={OUTCOME_COLOURS[entry.outcome]}>
                      {OUTCOME_LABELS[entry.outcome]}
                    </Badge>
                  }
                />
              )}
              {entry.caseId && <FieldRow name="Case" value={<Anchor href={pageItemHref('cases', entry.caseId)}>{entry.caseId}</Anchor>} mono />}
              {entry.templateId && <FieldRow name="Template" value={<TemplateLink templates={templates} id={entry.templateId} />} />}
              {entry.jobId !== undefined && (
                <FieldRow
                  name="Job"
                  value={
                    <>
                      <Anchor href={pageItemHref('jobs', String(entry.jobId))}>Job {entry.jobId}</Anchor>
                      {entry.attempt !== undefined && `, attempt ${entry.attempt}`}
                    </>
                  }
                />
              )}
              {entry.durationMs !== undefined && <FieldRow name="Duration" value={formatDuration(entry.durationMs)} />}
              {entry.errorClass && <FieldRow name="Error class" value={entry.errorClass} mono />}
            </Table.Tbody>
          </Table>

          {detail.attempts.length > 0 && (
            <section aria-labelledby="log-entry-attempts">
              <Title order={3} size="h5" id="log-entry-attempts" mb="xs">
                Attempts of job {entry.jobId}
              </Title>
              <AttemptTimeline attempts={detail.attempts} currentId={entry.id} onOpen={onOpen} />
            </section>
          )}

          {(entry.request !== undefined || entry.response !== undefined) && (
            <Stack gap="xs">
              {!hasPersonal ? (
                <Text size="sm" c="dimmed">
                  This request and answer hold no person or address details.
                </Text>
              ) : isRevealed ? (
                <Alert color="yellow" role="status">
                  <Group justify="space-between" gap="xs">
                    <Text size="sm">Personal details are shown. The access audit records that you revealed them, and why.</Text>
                    <Button
                      ref={hideButton}
                      size="compact-sm"
                      variant="default"
                      onClick={() => {
                        setRevealed(null);
                        setFocusNext('reveal');
                      }}
                    >
                      Hide personal details
                    </Button>
                  </Group>
                </Alert>
              ) : asking ? (
                <RevealPersonalForm
                  onReveal={reveal}
                  onCancel={() => {
                    setAsking(false);
                    setFocusNext('reveal');
                  }}
                />
              ) : (
                <Permitted to="reveal">
                  <Stack gap={4} align="flex-start">
                    <Button ref={revealButton} size="compact-sm" variant="light" disabled={loading} aria-describedby="reveal-personal-help" onClick={() => setAsking(true)}>
                      Reveal personal details
                    </Button>
                    <Text size="xs" c="dimmed" id="reveal-personal-help">
                      Names, contact and address details are hidden. Revealing them asks why, and is recorded in the access audit with your name.
                    </Text>
                  </Stack>
                </Permitted>
              )}
              {entry.request !== undefined && <Exchange title="Request" text={entry.request} />}
              {entry.response !== undefined && <Exchange title="Answer" text={entry.response} />}
            </Stack>
          )}
        </Stack>
      )}
    </Drawer>
  );
}

/** A deleted template has no page to open: its name (or number) only. */
function TemplateLink({ templates, id }: { templates: TemplateSummary[] | null; id: string }) {
  const { label, exists } = templateLabel(templates, id);
  return exists ? <Anchor href={pageItemHref('templates', id)}>{label}</Anchor> : <>{label}</>;
}
