/** How an activation got its container or server. 'none' until it starts. */
export type StartKind = 'none' | 'cold' | 'prewarm' | 'warm' | 'resumed';

/** One request (OpenWhisk calls it an activation). Times are simulated seconds; NaN until known. */
export class Activation {
  /** When execution of the function body began. */
  start = NaN;
  /** When the caller got its answer (blocking: the result; non-blocking: the 202 with the id). */
  response = NaN;
  /** When the work was done and the result exists. */
  end = NaN;
  startKind: StartKind = 'none';
  /**
   * Its place in a function chain: step `chainStep` (0-based) of `chainLength`. A lone activation
   * is step 0 of 1: it is both a chain's first request and its last response.
   */
  chainStep = 0;
  chainLength = 1;
  /** The function whose output is this activation's input (a chain's previous step), or -1: the caller's input. */
  inputFrom = -1;
  /**
   * What a layer wrapped around the platform keeps for this activation while it is in flight
   * (Clemmys' books), or null: a slot here is cheaper than a map keyed by activation on the hot path.
   */
  layerState: object | null = null;

  constructor(
    readonly id: number,
    /** Index into the run's functions. */
    readonly fn: number,
    /** Closed-loop client that sent it, or -1 for open arrivals. */
    readonly client: number,
    readonly blocking: boolean,
    readonly arrival: number,
    /**
     * Execution time of the function body, drawn at arrival from the function's own stream,
     * so that every variant of a scenario sees the same demands (common random numbers).
     */
    readonly execSeconds: number,
  ) {}
}
