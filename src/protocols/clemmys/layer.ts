/**
 * The Clemmys protocol as a security layer on SGX (docs/clemmys.md): the trusted gateway in front
 * of the controller, and, beside the SGX hook, payload crypto in the enclave and chain integrity.
 */
import type { SecurityLayer } from '../../platform/security-layer.js';
import { sgxMachine } from '../../tee/sgx/hardware.js';
import { sgxLayer } from '../../tee/sgx/layer.js';
import { ClemmysHook } from './clemmys-hook.js';
import { TrustedGateway } from './gateway.js';
import { CLEMMYS_METRIC_LAYER, CLEMMYS_METRICS } from './metrics.js';
import { CLEMMYS_KEYS, clemmysDefaults, clemmysSettingsSchema, type ClemmysProtocol } from './settings.js';

export const clemmysLayer: SecurityLayer<{ clemmys: ClemmysProtocol }> = {
  name: CLEMMYS_METRIC_LAYER,
  base: sgxLayer,
  platforms: ['openwhisk'],
  keys: CLEMMYS_KEYS,
  settings: clemmysSettingsSchema,
  defaults: clemmysDefaults,
  metrics: Object.values(CLEMMYS_METRICS),
  columns: [],
  // two gateway passes per activation (request and response)
  eventsPerActivation: 2,
  build: ({ clemmys: protocol }, { ctx, functions, hardware: machine }) => {
    const hardware = sgxMachine(machine); // its SGX base's checks refused a machine without SGX
    const hook = new ClemmysHook({ protocol, hardware, functions, random: ctx.random, recorder: ctx.recorder });
    const gateway = new TrustedGateway({ gateway: protocol.gateway, hardware, functions, sim: ctx.sim, random: ctx.random.stream('clemmys/gateway'), recorder: ctx.recorder });
    return { hooks: [hook], listeners: [hook], front: (outer, create) => gateway.front(outer, create) };
  },
};
