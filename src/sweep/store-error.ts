/**
 * A problem with the folders the user named (a foreign manifest, a damaged unit): exit 2 in the
 * CLI. A module of its own, so the CLI can tell it apart without loading the store.
 */
export class StoreError extends Error {}
