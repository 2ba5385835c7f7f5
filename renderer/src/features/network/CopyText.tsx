import { Button, Tooltip } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { IconCheck, IconCopy } from '@tabler/icons-react';

/**
 * A copy button that says when it worked and when it did not (the clipboard can be refused, for
 * example in a browser console opened over plain http from another machine).
 */
export function CopyText({ value, label, children, variant = 'light' }: { value: string; label: string; children?: string; variant?: 'light' | 'filled' }) {
  const clipboard = useClipboard({ timeout: 2000 });
  const failed = Boolean(clipboard.error);
  return (
    <Tooltip label={failed ? 'Could not copy: select the text and copy it yourself' : 'Copied'} opened={clipboard.copied || failed} withArrow>
      <Button
        size="compact-sm"
        variant={variant}
        color={failed ? 'red' : undefined}
        aria-label={label}
        leftSection={clipboard.copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
        onClick={() => clipboard.copy(value)}
      >
        {clipboard.copied ? 'Copied' : (children ?? 'Copy')}
      </Button>
    </Tooltip>
  );
}
