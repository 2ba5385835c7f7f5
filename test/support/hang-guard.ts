/**
 * A hang detector, not a timing target: fails with `what` unless `promise` settles within `ms` of
 * real time. Generous bounds only; speed is measured by benchmarks.
 */
export async function settlesWithin<T>(promise: Promise<T>, what: string, ms = 2_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still not done after ${ms} ms of real time (hung?)`)), ms);
  });
  try {
    return await Promise.race([promise, hung]);
  } finally {
    clearTimeout(timer);
  }
}
