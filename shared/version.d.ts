/** Replaced at build time with package.json's version (electron.vite.config.ts, vitest.config.ts). */
declare const __CASEBRIDGE_VERSION__: string;
