// The base URL rules live in shared/ so the console checks as the admin types, with the same words.
export { checkTascomiBaseUrl as checkBaseUrl } from '../../../../shared/domain/tascomi';
export type { BaseUrlCheck } from '../../../../shared/domain/base-url';
