// Code signing for `npm run dist`, read from the environment only (never from a file in the repo):
// what electron-builder is given (Azure Trusted Signing), and what the end of the build says about it.
// electron-builder itself reads CSC_LINK / CSC_KEY_PASSWORD (a .pfx or .p12 certificate) and the
// APPLE_* notarisation variables; this module only needs to know whether they are there.

/** Azure Trusted Signing's account, as electron-builder's win.azureSignOptions wants it. */
const AZURE_SETTINGS = {
  endpoint: 'CASEBRIDGE_AZURE_SIGNING_ENDPOINT',
  codeSigningAccountName: 'CASEBRIDGE_AZURE_SIGNING_ACCOUNT',
  certificateProfileName: 'CASEBRIDGE_AZURE_SIGNING_PROFILE',
  publisherName: 'CASEBRIDGE_AZURE_SIGNING_PUBLISHER',
};
/** The service principal Azure's signing tool signs in with (Azure's own names). */
const AZURE_CREDENTIALS = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'];
const APPLE_NOTARISATION = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];

const present = (env, name) => typeof env[name] === 'string' && env[name].trim() !== '';

/**
 * electron-builder's azureSignOptions when every Azure Trusted Signing variable is set, undefined
 * when no CASEBRIDGE_AZURE_SIGNING_* is; a half-set account is refused by name, so a build meant to be signed never quietly is not.
 */
export function azureSignOptions(env) {
  const settings = Object.values(AZURE_SETTINGS);
  // AZURE_* alone may be set for other Azure tools on the build machine: casebridge's names say "sign".
  if (!settings.some((name) => present(env, name))) return undefined;
  const missing = [...settings, ...AZURE_CREDENTIALS].filter((name) => !present(env, name));
  if (missing.length > 0)
    throw new Error(`Azure Trusted Signing is half set up: set ${missing.join(', ')} as well, or unset the CASEBRIDGE_AZURE_SIGNING_* variables to build unsigned.`);
  return Object.fromEntries(Object.entries(AZURE_SETTINGS).map(([option, name]) => [option, env[name].trim()]));
}

/** Whether macOS notarisation can run (electron-builder's mac.notarize needs all three). */
export function canNotarise(env) {
  return APPLE_NOTARISATION.every((name) => present(env, name));
}

/**
 * One line per platform built ('win', 'mac', 'linux'), saying whether its installers are signed and
 * what to set if they are not.
 */
export function signingSummary(env, platforms) {
  const certificate = present(env, 'CSC_LINK') || present(env, 'WIN_CSC_LINK');
  const lines = [];
  if (platforms.includes('win')) {
    if (azureSignOptions(env)) lines.push('Windows: signed with Azure Trusted Signing.');
    else if (certificate) lines.push('Windows: signed with the certificate in CSC_LINK.');
    else
      lines.push(
        'Windows: UNSIGNED. Windows SmartScreen will warn and Intune/AppLocker rules by publisher will not match. Set CSC_LINK and CSC_KEY_PASSWORD (or the CASEBRIDGE_AZURE_SIGNING_* variables) and build again.',
      );
  }
  if (platforms.includes('mac')) {
    const signed = present(env, 'CSC_LINK') || present(env, 'CSC_NAME');
    if (!signed)
      lines.push('macOS: UNSIGNED unless a Developer ID identity is in this Mac’s keychain; Gatekeeper blocks an unsigned app. Set CSC_LINK and CSC_KEY_PASSWORD to be sure.');
    else lines.push('macOS: signed with the identity in CSC_LINK/CSC_NAME.');
    lines.push(canNotarise(env) ? 'macOS: notarised with APPLE_ID.' : 'macOS: NOT NOTARISED. Set APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID.');
  }
  if (platforms.includes('linux')) lines.push('Linux: the AppImage and .deb are not code-signed (as is usual); publish their SHA-256 checksums, or sign your own apt repository.');
  return lines;
}
