import { Fieldset, Group, TextInput } from '@mantine/core';
import type { CaseForm, FormErrors, PersonInput } from './case-form';

/** One person on the case (e.g. who reported it): left out while only the role is filled in. */
export function PersonFieldset({ person, errors, onChange }: { person: CaseForm['person']; errors: FormErrors; onChange: (input: PersonInput, value: string) => void }) {
  const input = (name: PersonInput) => ({
    value: person[name],
    onChange: (e: { currentTarget: { value: string } }) => onChange(name, e.currentTarget.value),
    error: errors[`person.${name}`],
  });
  return (
    <Fieldset legend="Person">
      <Group grow align="flex-start">
        <TextInput label="Role" description="e.g. Reporter" {...input('role')} />
        <TextInput label="CRM reference" {...input('reference')} />
      </Group>
      <Group grow align="flex-start" mt="xs">
        <TextInput label="Title" {...input('title')} maw={120} />
        <TextInput label="Forename" {...input('forename')} />
        <TextInput label="Surname" {...input('surname')} />
      </Group>
      <Group grow align="flex-start" mt="xs">
        <TextInput label="Email" type="email" {...input('email')} />
        <TextInput label="Phone" type="tel" {...input('phone')} />
      </Group>
    </Fieldset>
  );
}
