/**
 * The Clemmys part of the scenario language: its keys of `platform.security` (gateway,
 * enclaveCrypto, chain) beside the SGX keys, resolved over models/clemmys.yaml and in base units.
 */
import { z } from 'zod';
import type { DistributionSpec } from '../../engine/distributions.js';
import { cachedModelFile, mergeOverModel, modelLeavesOf } from '../../schema/model-file.js';
import { strictShape } from '../../schema/zod-helpers.js';
import { zDurationDistribution, zNonNegativeInt, zPositiveInt } from '../../schema/zod-units.js';
import type { SgxSecurity } from '../../tee/sgx/settings.js';

/** One AES-GCM pass is bytes / rate + the per-message cost (the hardware profile's); a count of passes per message. */
export interface ClemmysProtocol {
  /** The trusted gateway in front of the controller: a FIFO queue with `cores` servers. */
  gateway: {
    cores: number;
    /** CPU time per request for TLS, checks and routing, both directions together. */
    perRequest: DistributionSpec;
    /** AES-GCM passes over a request's input (decrypt the client's, encrypt for the enclave). */
    inputPasses: number;
    /** AES-GCM passes over a response's output (encrypt for the client). */
    outputPasses: number;
    /** New requests waiting for a core at most (Infinity: unbounded); beyond it a request is refused. Responses always queue, and go first. */
    queue: number;
  };
  /** Payload crypto inside the function's enclave. */
  enclaveCrypto: {
    inputPasses: number;
    outputPasses: number;
    /** Multiplier on AES-GCM time inside the enclave (1: the CPU's AES-NI is used). */
    slowdown: number;
  };
  /** Chain integrity: what the next enclave pays to verify the chain's tag before running. */
  chain: { verify: DistributionSpec };
}

/** `mode: clemmys`: SGX enclaves, and the protocol on them. */
export interface ClemmysSecurity extends SgxSecurity {
  clemmys: ClemmysProtocol;
}

declare module '../../schema/types.js' {
  interface SecuritySettingsByMode {
    clemmys: ClemmysSecurity;
  }
}

const clemmysModel = () => cachedModelFile('clemmys.yaml');

/** Every leaf of models/clemmys.yaml with its dotted path. */
export const clemmysModelLeaves = () => modelLeavesOf(clemmysModel().model);
/** The Clemmys keys' defaults as a scenario would write them (under platform.security): shared, copy before changing. */
export const clemmysDefaults = (): Record<string, unknown> => clemmysModel().defaults;

/** A gateway's accept queue: a whole number of requests >= 0, or `unbounded`. */
const zQueue = z.unknown().transform((value, ctx): number => {
  if (value === 'unbounded') return Infinity;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  ctx.addIssue({ code: 'custom', message: `expected a whole number of requests >= 0 or "unbounded", got ${JSON.stringify(value)}` });
  return z.NEVER;
});

const protocolSchema = strictShape({
  gateway: strictShape({ cores: zPositiveInt, perRequest: zDurationDistribution, inputPasses: zNonNegativeInt, outputPasses: zNonNegativeInt, queue: zQueue }),
  enclaveCrypto: strictShape({ inputPasses: zNonNegativeInt, outputPasses: zNonNegativeInt, slowdown: z.number().positive() }),
  chain: strictShape({ verify: zDurationDistribution }),
});

export const CLEMMYS_KEYS = Object.keys(protocolSchema.shape) as readonly string[];

/** The Clemmys keys as written (absent ones: the model's defaults) -> the protocol, under `clemmys`. */
export const clemmysSettingsSchema: z.ZodType<{ clemmys: ClemmysProtocol }, unknown> = z
  .preprocess((block) => {
    const { model, defaults } = clemmysModel();
    return mergeOverModel(model, defaults, block);
  }, protocolSchema)
  .transform((clemmys) => ({ clemmys }));
