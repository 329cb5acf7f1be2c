/**
 * The contract of a security layer: what a TEE (SGX enclaves, confidential VMs) or a protocol on
 * one (Clemmys) adds to a platform. A layer is one folder that exports one of these; the record
 * of layers (src/layers) folds a run's layers over its platform in one place. Nothing else names
 * a layer: the scenario loader, the metric vocabulary, the time series and the run ask the record.
 */
import type { z } from 'zod';
import type { ActivationListener } from '../model/activation-events.js';
import type { MetricDeclaration } from '../model/metric-registry.js';
import type { Platform, PlatformContext } from '../model/platform.js';
import type { Problem } from '../schema/errors.js';
import type { HardwareParts, HardwareProfile } from '../schema/hardware.js';
import type { FunctionSpec, PlatformSpec } from '../schema/types.js';
import type { InvokerHook } from './openwhisk/hooks.js';
import type { OpenWhiskParams } from './openwhisk/params.js';

/** What a run tells a layer when it builds its parts. */
export interface LayerRun {
  ctx: PlatformContext;
  functions: readonly FunctionSpec[];
  /** The OpenWhisk parameters of the run (layers stand on OpenWhisk's invokers). */
  params: OpenWhiskParams;
  /** The machine of every invoker (the file's, else the layer's default; none for a layer without one). */
  hardware: HardwareProfile | undefined;
}

/** What a layer adds to one run. */
export interface LayerParts {
  /** Invoker hooks: steps of the container phases, resources of the invokers' ledgers, time-series columns. */
  hooks?: readonly InvokerHook[];
  /** Listeners of every activation event. */
  listeners?: readonly ActivationListener[];
  /**
   * Something in front of the platform (a gateway): `create` makes the platform behind it from the
   * context given; the result takes the requests.
   */
  front?: (ctx: PlatformContext, create: (ctx: PlatformContext) => Platform) => Platform;
}

/** A layer's checks see the resolved document: its settings, the hardware, the platform and the functions. */
export interface LayerDocument<S> {
  settings: S;
  hardware: HardwareProfile | undefined;
  platform: PlatformSpec;
  functions: readonly FunctionSpec[];
}

export interface SecurityLayer<S extends object = object> {
  /** The metric layer it reports under (a run's metric kind is `openwhisk+sgx`); its metrics' scopes name it. */
  readonly name: string;
  /** A layer it stands on, folded first (Clemmys stands on SGX); its settings are part of this layer's. */
  readonly base?: SecurityLayer<any>;
  /** Platform kinds it can stand on. */
  readonly platforms: readonly string[];
  /**
   * Its keys of `platform.security`. Every layer's keys are admitted and checked in any mode (a
   * variant may switch the mode alone); only the mode's layers are resolved and used.
   */
  readonly keys: readonly string[];
  /** Its keys as written (absent: its model file's defaults) -> its part of the settings. */
  readonly settings: z.ZodType<S, unknown>;
  /** Its keys' defaults as a scenario would write them, so that a sweep may reach one the file does not write. */
  readonly defaults: () => Record<string, unknown>;
  /** Keys it adds to a function (`enclave`), each with its schema; resolved into FunctionSpec under the same key. */
  readonly functionKeys?: Readonly<Record<string, z.ZodType<unknown, unknown>>>;
  /**
   * Its keys of a hardware profile, beside every machine's cores and memory (SGX: `epc`, `quote`,
   * ...), and their schema over those a profile writes -> its part of the profile ({} when the
   * profile writes none: a machine without its TEE, which its `check` refuses).
   */
  readonly hardware?: { readonly keys: readonly string[]; readonly schema: z.ZodType<Partial<HardwareParts>, unknown> };
  /** The machine a run uses when the scenario names none (it may depend on the settings: the TEE chosen). */
  readonly defaultHardware?: (settings: S) => string;
  /** Checks across the document (paths in the merged document, from its root). */
  readonly check?: (doc: LayerDocument<S>) => Problem[];
  /** Its metrics, reported by runs of its metric layer (registered by the record, never on import). */
  readonly metrics: readonly MetricDeclaration[];
  /** Time-series columns it adds per invoker. */
  readonly columns: readonly string[];
  /** Simulated events it adds per activation, for the size check before a run. */
  readonly eventsPerActivation?: number;
  /** Its parts of one run. */
  readonly build: (settings: S, run: LayerRun) => LayerParts;
}
