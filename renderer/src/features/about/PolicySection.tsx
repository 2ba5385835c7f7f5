import { Alert, Code, Divider, List, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { POLICY_FIELDS, type PolicyField } from '../../../../shared/domain/policy';
import { usePolicyStore } from '../../stores/policy-store';

const named = (fields: PolicyField[]) => fields.map((field) => POLICY_FIELDS[field]).join('; ');

/** The About panel's "Machine policy": which policy file is in force and what it sets, or why it was refused. */
export function PolicySection() {
  const policy = usePolicyStore((state) => state.policy);
  if (!policy) return null;
  return (
    <Stack gap="xs" mt="md" aria-labelledby="about-policy-title">
      <Divider />
      <Title order={2} size="h4" id="about-policy-title">
        Machine policy
      </Title>
      {policy.state === 'none' && (
        <Text size="sm">
          No machine policy: nothing is preset or locked by your organisation.
          {policy.file && (
            <>
              {' '}
              An administrator can put one at <Code>{policy.file}</Code>.
            </>
          )}
        </Text>
      )}
      {policy.state === 'applied' && (
        <>
          <Text size="sm">
            In force: <Code>{policy.file}</Code>
          </Text>
          <Text size="sm">Locked: {policy.locked.length ? named(policy.locked) : 'nothing'}.</Text>
          <Text size="sm">Preset: {policy.presets.length ? named(policy.presets) : 'nothing'}.</Text>
        </>
      )}
      {policy.state === 'refused' && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title="The machine policy was not applied" role="alert">
          <Text size="sm">
            The policy file <Code>{policy.file}</Code> has {policy.problems.length === 1 ? 'a problem' : `${policy.problems.length} problems`}, so casebridge applies none of it: no
            setting is preset or locked.
          </Text>
          <List size="sm" mt={4}>
            {policy.problems.map((problem) => (
              <List.Item key={`${problem.path}:${problem.reason}`}>
                {problem.path ? <Code>{problem.path}</Code> : 'The file'}: {problem.reason}
              </List.Item>
            ))}
          </List>
          <Text size="sm" mt={4}>
            Correct the file and restart casebridge.
          </Text>
        </Alert>
      )}
    </Stack>
  );
}
