import type { Activation } from '../../model/activation.js';

/**
 * What one activation in flight has spent in the Clemmys layer, and, while it passes the gateway,
 * that pass: one object per activation serves the gateway's queue and the hook's metrics.
 */
export class ActivationBooks {
  /** Time in the gateway, both passes so far (wait and service). */
  gatewaySeconds = 0;
  /** AES-GCM seconds so far, gateway and enclave. */
  cryptoSeconds = 0;
  /** The pass in the gateway now: a response (else a request), when it entered, its core time and the AES-GCM part of it. */
  response = false;
  enteredAt = 0;
  passSeconds = 0;
  passCryptoSeconds = 0;

  constructor(readonly a: Activation) {}
}

/** An activation's books, opened on first use: kept in its `layerState` while it is in flight (O(live activations)). */
export function booksOf(a: Activation): ActivationBooks {
  let books = a.layerState as ActivationBooks | null;
  if (books === null) a.layerState = books = new ActivationBooks(a);
  return books;
}

/** Its books, closed: the activation is done (answered, rejected or lost); undefined if it never spent anything. */
export function closeBooks(a: Activation): ActivationBooks | undefined {
  const books = a.layerState as ActivationBooks | null;
  a.layerState = null;
  return books ?? undefined;
}
