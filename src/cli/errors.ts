/**
 * Bad input (a scenario that does not validate, a flag that makes no sense, a missing file) is
 * the user's to fix: it is reported as one clear message and exit code 2, never as a stack trace.
 */
export class UsageError extends Error {
  /** Whether to point at `secfaas --help` after the message; not when the message says the fix itself ("did you mean run?"). */
  readonly seeHelp: boolean;
  constructor(message: string, { seeHelp = true }: { seeHelp?: boolean } = {}) {
    super(message);
    this.seeHelp = seeHelp;
  }
}

/** Ctrl-C (SIGINT) or SIGTERM during a run: the run stops at its next pause. */
export class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted (${signal})`);
  }
}

/** A run that failed or was interrupted, with what became of its finished replications, said after the cause. */
export class RunStopped extends Error {
  constructor(
    override readonly cause: unknown,
    /** e.g. "3 of 10 replications had finished and are kept in a/units/: ... --resume ...". */
    readonly outcome: string,
  ) {
    super(outcome);
  }
}

export const EXIT_OK = 0;
export const EXIT_CLAIM_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 3;
/** The shell's convention for a process stopped by SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 130;
