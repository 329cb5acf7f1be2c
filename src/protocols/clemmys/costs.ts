/**
 * Pure cost models of the Clemmys protocol: AES-GCM at the hardware profile's rate, per byte and
 * per message, and the input each activation decrypts.
 */
import type { SgxMachine } from '../../tee/sgx/hardware.js';
import type { FunctionSpec } from '../../schema/types.js';

/** AES-GCM over `passes` messages of `bytes` each: passes x (bytes / rate + per-message cost). 0 passes cost 0. */
export function aesGcmSeconds(profile: Pick<SgxMachine, 'aesGcmBytesPerSecond' | 'aesGcmPerMessageSeconds'>, bytes: number, passes = 1): number {
  return passes * (bytes / profile.aesGcmBytesPerSecond + profile.aesGcmPerMessageSeconds);
}

/**
 * What an activation gets as input, in bytes: its caller's (its function's `input`), or in a
 * chain the previous step's output. Its output is its function's `output`.
 */
export function inputBytesOf(functions: readonly FunctionSpec[], a: { fn: number; inputFrom: number }): number {
  return a.inputFrom >= 0 ? functions[a.inputFrom].outputBytes : functions[a.fn].inputBytes;
}
