import { ADDRESS_DETAILS, PERSON_DETAILS, type Case } from '../../../../../shared/domain/case';
import { DEFAULT_DATE_FORMAT, type Source } from '../../../../../shared/domain/template';

export interface PaletteTile {
  id: string;
  /** What the tile shows. */
  text: string;
  /** Its accessible name, when the text alone is ambiguous (a detail of which person?). */
  name: string;
  /** What it holds, shown as a tooltip so the tiles stay small. */
  example?: string;
  source: Source;
}
export interface PaletteSection {
  title: string;
  tiles: PaletteTile[];
}

const show = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** What the chosen case offers, grouped the way the seed lists it: fields, dates, people, addresses. */
export function paletteSections(kase: Case | null): PaletteSection[] {
  const sections: PaletteSection[] = [{ title: 'Fixed text', tiles: [{ id: 'text', text: 'Fixed text', name: 'Fixed text', source: { kind: 'text', value: '' } }] }];
  if (!kase) return sections;
  sections.push({
    title: 'Case fields',
    tiles: Object.entries(kase.fields).map(([field, value]) => ({ id: `field:${field}`, text: field, name: field, example: show(value), source: { kind: 'field', field } })),
  });
  sections.push({
    title: 'Case dates',
    tiles: Object.entries(kase.dates).map(([date, value]) => ({
      id: `date:${date}`,
      text: date,
      name: `date ${date}`,
      example: value,
      source: { kind: 'date', date, format: DEFAULT_DATE_FORMAT, zone: 'Europe/London' },
    })),
  });
  for (const role of new Set(kase.people.map((p) => p.role))) {
    sections.push({
      title: `Person: ${role}`,
      tiles: PERSON_DETAILS.map((detail) => ({ id: `person:${role}:${detail}`, text: detail, name: `${role} ${detail}`, source: { kind: 'person', role, detail } })),
    });
  }
  for (const role of new Set(kase.addresses.map((a) => a.role))) {
    sections.push({
      title: `Address: ${role}`,
      tiles: ADDRESS_DETAILS.map((detail) => ({ id: `address:${role}:${detail}`, text: detail, name: `${role} address ${detail}`, source: { kind: 'address', role, detail } })),
    });
  }
  return sections.filter((s) => s.tiles.length > 0);
}
