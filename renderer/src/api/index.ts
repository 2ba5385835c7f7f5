export { ApiProvider, useApi } from './api-context';
export { ContractCallError, describeError, fieldErrorsFrom, type CallErrorCode } from './contract-call-error';
export { createApi, type Api } from './create-api';
export { createIpcTransport } from './ipc-transport';
export { selectTransport } from './select-transport';
export type { CallOptions, ConnectionState, Transport } from './transport';
export { createWebSocketTransport } from './ws-transport';
