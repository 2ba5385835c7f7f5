// One seeded PRNG for both emulators (they must not import the product's, which serves the backoff).
export * from '../common/prng';
