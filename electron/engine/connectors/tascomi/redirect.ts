/**
 * A 3xx from Tascomi, explained. Councils were moved from *.tascomi.com to *.idoxcloud.com in 2025
 * and an old address may answer with a redirect to the new one: the admin is told the base URL to
 * save, computed from the Location header as the form expects it (without the version part).
 *
 * Decisions:
 * - Never followed, not even to an Idox Cloud host: every request carries the public key and a
 *   signature made with the private key, and those go only to the saved address (the rule of
 *   ../stored-secret.ts). Saving the new address runs the connection test against it first.
 * - Only an https Location on a Tascomi domain whose path holds the API's version part is offered
 *   as the address to save. Any other host (a proxy's or single sign-on page) is named so the admin
 *   can tell, and explicitly not suggested.
 */
import { isTascomiHost, tascomiBaseUrlOf } from '../../../../shared/domain/tascomi';

const NOT_FOLLOWED = "The redirect was not followed: casebridge's requests are signed with the API keys, which go only to the saved address.";

/** The message for a 3xx answer to a request made under `baseUrl`; `location` is the raw header. */
export function explainTascomiRedirect(status: number, baseUrl: string, location: string | null): string {
  const target = location ? parseLocation(location, baseUrl) : undefined;
  if (!target) {
    return `Tascomi redirected the request (HTTP ${status})${location ? ` to an address that cannot be read` : ' without saying where'}. Check the API base URL on the Connections page with the Tascomi administrator. ${NOT_FOLLOWED}`;
  }
  if (!isTascomiHost(target.hostname)) {
    return `The API base URL redirected the request to ${target.hostname}, which is not a Tascomi or Idox Cloud address (*.tascomi.com, *.idoxcloud.com) (HTTP ${status}). A proxy or sign-in page may be in the way: do not use it as the API base url unless the Tascomi administrator confirms it. ${NOT_FOLLOWED}`;
  }
  const newBase = tascomiBaseUrlOf(target);
  if (!newBase) {
    return `Tascomi redirected the request to ${target.origin}${target.pathname} (HTTP ${status}), which is not an https API address (no /v1/ part). Ask the Tascomi administrator for the new API base url (it usually ends in /rest). ${NOT_FOLLOWED}`;
  }
  return `Tascomi moved this council to ${newBase}: save that as the API base url on the Connections page (HTTP ${status} from ${new URL(baseUrl).host}). ${NOT_FOLLOWED}`;
}

function parseLocation(location: string, baseUrl: string): URL | undefined {
  try {
    return new URL(location, `${baseUrl}/v1/`);
  } catch {
    return undefined;
  }
}
