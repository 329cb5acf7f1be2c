/**
 * The Clemmys keys of `platform.security` (gateway, enclaveCrypto, chain), every default from
 * models/clemmys.yaml. The SGX layer's security block admits them beside its own keys (any mode,
 * so that a variant may switch the mode alone) and resolves them for `mode: clemmys`.
 */
import { z } from 'zod';
import { cachedModelFile, mergeOverModel, modelLeavesOf } from './model-file.js';
import { strictShape } from './zod-helpers.js';
import { zDurationDistribution, zNonNegativeInt, zPositiveInt } from './zod-units.js';
import type { ClemmysProtocol } from './clemmys.js';

const clemmysModel = () => cachedModelFile('clemmys.yaml');

/** Every leaf of models/clemmys.yaml with its dotted path. */
export const clemmysModelLeaves = () => modelLeavesOf(clemmysModel().model);
/** The Clemmys keys' defaults as a scenario would write them (under platform.security): shared, copy before changing. */
export const clemmysDefaults = (): Record<string, unknown> => clemmysModel().defaults;

const protocolSchema = strictShape({
  gateway: strictShape({ cores: zPositiveInt, perRequest: zDurationDistribution, inputPasses: zNonNegativeInt, outputPasses: zNonNegativeInt }),
  enclaveCrypto: strictShape({ inputPasses: zNonNegativeInt, outputPasses: zNonNegativeInt, slowdown: z.number().positive() }),
  chain: strictShape({ verify: zDurationDistribution }),
});

/** The block's keys that are Clemmys' (the SGX layer leaves them to this schema). */
export const CLEMMYS_KEYS = ['gateway', 'enclaveCrypto', 'chain'] as const;

/**
 * Input: the Clemmys keys of a security block as written (absent keys: the model's defaults).
 * Output: the resolved protocol.
 */
export const clemmysProtocolSchema: z.ZodType<ClemmysProtocol, unknown> = z.preprocess((block) => {
  const { model, defaults } = clemmysModel();
  return mergeOverModel(model, defaults, block);
}, protocolSchema);
