/**
 * Raising a repair in Civica Cx for a case, from the values a "Raise repair" template evaluated to
 * (keys of CX_TARGET_FIELDS). The contact is found by its Cx reference; the asset, when the template
 * maps none, is the contact's current agreement's. A raise is not idempotent, so after an attempt
 * whose outcome is unknown the contact's recent repairs are searched for the case first (the
 * dialect's case marker): one case never raises two repairs.
 */
import { CX_ASSET_KEY, CX_CONTACT_KEY, CX_TARGET_FIELDS } from '../../../../shared/connectors/civica-cx-schema';
import type { CivicaCxClient } from './client';
import { cxError } from './client';
import { describeForCase, isRepairForCase, type CxContact, type CxNewRepair } from './dialect';

export interface RaiseRepairRequest {
  caseId: string;
  /** Target key -> value, as the template evaluated them. */
  values: Readonly<Record<string, string>>;
  /** An earlier attempt may have raised it: look before raising. */
  previousOutcomeUnknown: boolean;
  /** The earliest day (yyyy-MM-dd) an earlier attempt could have raised it on. */
  since: string;
}

export interface RaisedRepair {
  repairReference: string;
  action: 'raised' | 'found_existing';
  contact: { contactId: number; reference: string };
}

const label = (key: string) => CX_TARGET_FIELDS.find((f) => f.key === key)?.label ?? key;

/** A validation failure naming the template's target field. */
function invalid(key: string, why: string): Error {
  return cxError({ kind: 'validation', message: `${label(key)}: ${why}`, fields: { [key]: why } });
}

async function contactByReference(client: Pick<CivicaCxClient, 'findContacts'>, company: string, reference: string): Promise<CxContact> {
  const wanted = reference.trim().toUpperCase();
  // Cx may match references loosely (a prefix); only the exact reference is this tenant.
  const found = (await client.findContacts(company, { reference: reference.trim() })).filter((c) => c.reference.trim().toUpperCase() === wanted);
  if (found.length === 0)
    throw invalid(
      CX_CONTACT_KEY,
      `no Civica Cx contact in company ${company} has the reference '${reference}'. Check the case's tenant reference (the Tenants page finds contacts).`,
    );
  if (found.length > 1)
    throw invalid(CX_CONTACT_KEY, `${found.length} Civica Cx contacts in company ${company} have the reference '${reference}'; casebridge cannot tell which tenant this is.`);
  return found[0]!;
}

export async function raiseRepairForCase(
  deps: { client: Pick<CivicaCxClient, 'findContacts' | 'repairsOfContact' | 'raiseRepair'>; company: string },
  request: RaiseRepairRequest,
): Promise<RaisedRepair> {
  const { client, company } = deps;
  const { values, caseId } = request;
  const missing = CX_TARGET_FIELDS.filter((f) => f.requiredForCreate && !values[f.key]?.trim());
  if (missing.length > 0) {
    throw cxError({
      kind: 'validation',
      message: `A repair needs ${missing.map((f) => f.label).join(', ')}; the template gave no value for ${missing.length === 1 ? 'it' : 'them'}.`,
      fields: Object.fromEntries(missing.map((f) => [f.key, 'required'])),
    });
  }
  const contact = await contactByReference(client, company, values[CX_CONTACT_KEY]!);
  const summary = { contactId: contact.contactId, reference: contact.reference };

  if (request.previousOutcomeUnknown) {
    const earlier = (await client.repairsOfContact(company, contact.contactId, request.since)).find((r) => isRepairForCase(r, caseId));
    if (earlier) return { repairReference: earlier.repairReference, action: 'found_existing', contact: summary };
  }

  const assetReference = values[CX_ASSET_KEY]?.trim() || contact.assetReference?.trim();
  if (!assetReference) {
    throw invalid(CX_ASSET_KEY, `contact ${contact.reference} has no current agreement, so there is no asset to raise the repair on; map the Asset reference.`);
  }
  const repair: CxNewRepair = {
    contactId: contact.contactId,
    assetReference,
    description: describeForCase(values.description!, caseId),
    sorCode: values.sor_code!,
    priority: values.priority!,
    repairType: values.repair_type!,
    contract: values.contract!,
    category: values.category!,
  };
  return { repairReference: await client.raiseRepair(company, repair), action: 'raised', contact: summary };
}
