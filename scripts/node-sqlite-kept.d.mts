// Types of node-sqlite-kept.mjs, for its test.
export function withBuildKept<T>(moduleDir: string, keepDir: string, work: () => Promise<T> | T): Promise<T>;
