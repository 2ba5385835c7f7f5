/**
 * The "New test case" form as plain data: a blank form, a form filled from a sample case, the case
 * it sends, and the engine's issues (`case.addresses.0.uprn`) placed back at the form's inputs.
 */
import type { ContractIssue } from '../../../../shared/contract';
import type { Case, CaseFieldValue, CaseInput } from '../../../../shared/domain/case';

export type FieldKind = 'text' | 'number' | 'boolean' | 'empty';
/** `key` only keeps React's rows (and their errors) steady while rows are added and removed. */
export interface FieldRow {
  key: string;
  name: string;
  kind: FieldKind;
  value: string;
}
export interface DateRow {
  key: string;
  name: string;
  value: string;
}
export const ADDRESS_INPUTS = ['role', 'uprn', 'usrn', 'postcode', 'lines'] as const;
export const PERSON_INPUTS = ['role', 'title', 'forename', 'surname', 'email', 'phone', 'reference'] as const;
export type AddressInput = (typeof ADDRESS_INPUTS)[number];
export type PersonInput = (typeof PERSON_INPUTS)[number];

export interface CaseForm {
  id: string;
  type: string;
  status: string;
  summary: string;
  fields: FieldRow[];
  dates: DateRow[];
  /** `lines` holds one address line per line of text. */
  address: Record<AddressInput, string>;
  person: Record<PersonInput, string>;
}

/**
 * Errors by input: `id`, `type`, `status`, `summary`, `fields.<key>.name|value`,
 * `dates.<key>.name|value`, `address.<input>`, `person.<input>`.
 */
export type FormErrors = Record<string, string>;

let nextKey = 1;
export const rowKey = (): string => `row${nextKey++}`;
export const emptyFieldRow = (): FieldRow => ({ key: rowKey(), name: '', kind: 'text', value: '' });
export const emptyDateRow = (): DateRow => ({ key: rowKey(), name: '', value: '' });

const pad = (n: number) => String(n).padStart(2, '0');

/** A new test case: an id that will not clash with the CRM's, and the usual roles filled in. */
export function blankForm(now = new Date()): CaseForm {
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return {
    id: `TEST-${stamp}`,
    type: '',
    status: 'open',
    summary: '',
    fields: [emptyFieldRow()],
    dates: [],
    address: { role: 'Incident location', uprn: '', usrn: '', postcode: '', lines: '' },
    person: { role: 'Reporter', title: '', forename: '', surname: '', email: '', phone: '', reference: '' },
  };
}

function kindOf(value: CaseFieldValue): FieldKind {
  if (value === null) return 'empty';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'text';
}

/** The form filled from a sample case; only the first address and the first person fit the form. */
export function formFromCase(kase: Case): CaseForm {
  const blank = blankForm();
  const address = kase.addresses[0];
  const person = kase.people[0];
  const fields = Object.entries(kase.fields).map(([name, value]) => ({ key: rowKey(), name, kind: kindOf(value), value: value === null ? '' : String(value) }));
  return {
    id: kase.id,
    type: kase.type,
    status: kase.status,
    summary: kase.summary ?? '',
    fields: fields.length > 0 ? fields : [emptyFieldRow()],
    dates: Object.entries(kase.dates).map(([name, value]) => ({ key: rowKey(), name, value })),
    address: address
      ? { role: address.role, uprn: address.uprn ?? '', usrn: address.usrn ?? '', postcode: address.postcode ?? '', lines: address.lines.join('\n') }
      : blank.address,
    person: person
      ? {
          role: person.role,
          title: person.title ?? '',
          forename: person.forename ?? '',
          surname: person.surname ?? '',
          email: person.email ?? '',
          phone: person.phone ?? '',
          reference: person.reference ?? '',
        }
      : blank.person,
  };
}

/** What a sample holds that the form cannot (it has one address and one person without an address). */
export function leftOutOf(kase: Case): string[] {
  const left: string[] = [];
  if (kase.addresses.length > 1) left.push(`${kase.addresses.length - 1} more ${kase.addresses.length === 2 ? 'address' : 'addresses'}`);
  if (kase.people.length > 1) left.push(`${kase.people.length - 1} more ${kase.people.length === 2 ? 'person' : 'people'}`);
  if (kase.people[0]?.address) left.push("the person's address");
  if (Object.keys(kase.references).length > 0) left.push('its references');
  return left;
}

const filled = (value: string) => value.trim() !== '';
/** Optional text: left out of the case when blank, so the engine's own default applies. */
const optional = <K extends string>(key: K, value: string): Partial<Record<K, string>> => (filled(value) ? ({ [key]: value.trim() } as Record<K, string>) : {});

/**
 * The case the form describes, or the errors only the form can know (a field named twice, a number
 * that is not one). Everything else (UPRN digits, dates, lengths) is left to the engine's check.
 */
export function caseFromForm(form: CaseForm): { case: CaseInput } | { errors: FormErrors } {
  const errors: FormErrors = {};
  const fields: Record<string, CaseFieldValue> = {};
  for (const row of form.fields) {
    const name = row.name.trim();
    if (!name && !filled(row.value) && (row.kind === 'text' || row.kind === 'number')) continue; // an unused row
    if (!name) errors[`fields.${row.key}.name`] = 'a field needs a name';
    else if (name in fields) errors[`fields.${row.key}.name`] = `'${name}' is used by another field`;
    let value: CaseFieldValue = row.value;
    if (row.kind === 'empty') value = null;
    else if (row.kind === 'boolean') value = row.value === 'true';
    else if (row.kind === 'number') {
      value = Number(row.value.trim());
      if (!filled(row.value) || !Number.isFinite(value)) errors[`fields.${row.key}.value`] = 'must be a number, e.g. 3 or 2.5';
    }
    if (name) fields[name] = value;
  }
  const dates: Record<string, string> = {};
  for (const row of form.dates) {
    const name = row.name.trim();
    if (!name && !filled(row.value)) continue;
    if (!name) errors[`dates.${row.key}.name`] = 'a date needs a name';
    else if (name in dates) errors[`dates.${row.key}.name`] = `'${name}' is used by another date`;
    else dates[name] = row.value.trim();
  }
  if (Object.keys(errors).length > 0) return { errors };

  const { address: a, person: p } = form;
  const lines = a.lines
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  // The role alone (prefilled) does not make an address or a person.
  const hasAddress = filled(a.uprn) || filled(a.usrn) || filled(a.postcode) || lines.length > 0;
  const hasPerson = PERSON_INPUTS.some((input) => input !== 'role' && filled(p[input]));
  return {
    case: {
      id: form.id.trim(),
      type: form.type.trim(),
      status: form.status.trim(),
      ...optional('summary', form.summary),
      fields,
      dates,
      addresses: hasAddress ? [{ role: a.role.trim(), ...optional('uprn', a.uprn), ...optional('usrn', a.usrn), ...optional('postcode', a.postcode), lines }] : [],
      people: hasPerson
        ? [
            {
              role: p.role.trim(),
              ...optional('title', p.title),
              ...optional('forename', p.forename),
              ...optional('surname', p.surname),
              ...optional('email', p.email),
              ...optional('phone', p.phone),
              ...optional('reference', p.reference),
            },
          ]
        : [],
    },
  };
}

/**
 * The engine's issues (paths inside the submitted `case`) at the inputs they are about; any it
 * cannot place (e.g. a person's address, which the form does not edit) are answered apart.
 */
export function formErrorsFromIssues(issues: ContractIssue[], form: CaseForm): { errors: FormErrors; unplaced: ContractIssue[] } {
  const errors: FormErrors = {};
  const unplaced: ContractIssue[] = [];
  const put = (input: string, message: string) => {
    errors[input] = errors[input] ? `${errors[input]}; ${message}` : message;
  };
  for (const issue of issues) {
    const [root, top, second, third] = issue.path.split('.');
    const rowNamed = <R extends { key: string; name: string }>(rows: R[]) => rows.find((row) => row.name.trim() === second);
    if (root !== 'case') unplaced.push(issue);
    else if (top === 'id' || top === 'type' || top === 'status' || top === 'summary') put(top, issue.message);
    else if (top === 'fields' && rowNamed(form.fields)) put(`fields.${rowNamed(form.fields)!.key}.value`, issue.message);
    else if (top === 'dates' && rowNamed(form.dates)) put(`dates.${rowNamed(form.dates)!.key}.value`, issue.message);
    else if (top === 'addresses' && second === '0' && (ADDRESS_INPUTS as readonly string[]).includes(third ?? '')) put(`address.${third}`, issue.message);
    else if (top === 'people' && second === '0' && (PERSON_INPUTS as readonly string[]).includes(third ?? '')) put(`person.${third}`, issue.message);
    else unplaced.push(issue);
  }
  return { errors, unplaced };
}
