import { Fieldset, Group, Textarea, TextInput } from '@mantine/core';
import type { AddressInput, CaseForm, FormErrors } from './case-form';

/** The case's address (its first): left out of the case while only the role is filled in. */
export function AddressFieldset({ address, errors, onChange }: { address: CaseForm['address']; errors: FormErrors; onChange: (input: AddressInput, value: string) => void }) {
  const input = (name: AddressInput) => ({
    value: address[name],
    onChange: (e: { currentTarget: { value: string } }) => onChange(name, e.currentTarget.value),
    error: errors[`address.${name}`],
  });
  return (
    <Fieldset legend="Address">
      <Group grow align="flex-start">
        <TextInput label="Role" description="e.g. Incident location" {...input('role')} />
        <TextInput label="Postcode" {...input('postcode')} />
      </Group>
      <Group grow align="flex-start" mt="xs">
        <TextInput label="UPRN" description="Up to 12 digits" inputMode="numeric" {...input('uprn')} />
        <TextInput label="USRN" description="Up to 8 digits" inputMode="numeric" {...input('usrn')} />
      </Group>
      <Textarea label="Address lines" description="One line per line, at most 6" autosize minRows={2} maxRows={6} mt="xs" {...input('lines')} />
    </Fieldset>
  );
}
