import { Table } from '@mantine/core';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { CaseSummary } from '../../../../shared/domain/case-view';
import { formatTime } from '../../ui/log-format';

/** The cases found: each row opens its case with a click, or with Enter when it has the focus. */
export function CaseListTable({ cases, onOpen, focusId, onFocused }: { cases: CaseSummary[]; onOpen: (id: string) => void; focusId: string | null; onFocused: () => void }) {
  const focusRow = useRef<HTMLTableRowElement>(null);
  // Back from a case, the keyboard carries on from the row it left.
  useEffect(() => {
    if (!focusRow.current) return;
    focusRow.current.focus();
    onFocused();
  }, [onFocused]);
  const onKeyDown = (event: KeyboardEvent, id: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(id);
    }
  };
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table aria-label="Cases" striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Case</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Received</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cases.map((c) => (
            <Table.Tr
              key={c.id}
              ref={c.id === focusId ? focusRow : undefined}
              tabIndex={0}
              title={`Open case ${c.id}`}
              style={{ cursor: 'pointer' }}
              onClick={() => onOpen(c.id)}
              onKeyDown={(e) => onKeyDown(e, c.id)}
            >
              <Table.Td ff="monospace">{c.id}</Table.Td>
              <Table.Td>{c.type}</Table.Td>
              <Table.Td>{c.status || '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <time dateTime={c.receivedAt}>{formatTime(c.receivedAt)}</time>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
