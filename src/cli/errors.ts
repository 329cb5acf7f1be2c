/**
 * Bad input (a scenario that does not validate, a flag that makes no sense, a missing file) is
 * the user's to fix: it is reported as one clear message and exit code 2, never as a stack trace.
 */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_CLAIM_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 3;
