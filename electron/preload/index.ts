/**
 * The preload script (sandboxed, bundled as one CommonJS file): exposes the contract to the page as
 * `window.casebridge`, and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge';

contextBridge.exposeInMainWorld('casebridge', buildBridge(ipcRenderer));
