/**
 * Pure cost models of the Clemmys protocol: AES-GCM at the hardware profile's rate, per byte and
 * per message, and the payload sizes each party encrypts or decrypts.
 */
import type { HardwareProfile } from '../spec/sgx.js';
import type { FunctionSpec } from '../spec/types.js';

/** AES-GCM over `passes` messages of `bytes` each: passes x (bytes / rate + per-message cost). 0 passes cost 0. */
export function aesGcmSeconds(profile: Pick<HardwareProfile, 'aesGcmBytesPerSecond' | 'aesGcmPerMessageSeconds'>, bytes: number, passes = 1): number {
  return passes * (bytes / profile.aesGcmBytesPerSecond + profile.aesGcmPerMessageSeconds);
}

/** What an activation carries in and out, in bytes. */
export interface Payload {
  inputBytes: number;
  outputBytes: number;
}

/**
 * An activation's payload: its output is its function's `output`; its input is the caller's (its
 * function's `input`), or in a chain the previous step's output.
 */
export function payloadOf(functions: readonly FunctionSpec[], a: { fn: number; inputFrom: number }): Payload {
  const input = a.inputFrom >= 0 ? functions[a.inputFrom].outputBytes : functions[a.fn].inputBytes;
  return { inputBytes: input, outputBytes: functions[a.fn].outputBytes };
}
