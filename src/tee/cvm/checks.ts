/**
 * Checks of a confidential-VM run across the file: the machine has the TEE chosen, each function's
 * VM fits an invoker's memory, and its working set fits its VM. Paths are in the merged document;
 * the loader maps them back to where the author wrote them.
 */
import type { LayerDocument } from '../../platform/security-layer.js';
import { invokerMemoriesMiB } from '../../platform/openwhisk/params.js';
import { resolveOpenWhisk } from '../../platform/openwhisk/schema.js';
import type { Problem } from '../../schema/errors.js';
import { TEE_SECTION, TEE_TITLE, teeOf } from './hardware.js';
import { defaultGuest, type CvmSecurity } from './settings.js';

const mib = (m: number) => `${Number(m.toPrecision(6))} MiB`;

export function checkCvmRun(doc: LayerDocument<CvmSecurity>): Problem[] {
  const { settings: security, hardware, platform } = doc;
  if (hardware === undefined) return []; // the layer names a default machine: never the case
  if (teeOf(hardware, security.tee) === undefined) {
    return [{ path: ['platform', 'security', 'tee'], message: `tee: ${security.tee} needs ${TEE_TITLE[security.tee]}, which hardware ${hardware.name} does not have (its profile writes no ${TEE_SECTION[security.tee]} section)` }];
  }
  const problems: Problem[] = [];
  const vmMiB = security.vmms[security.vmm].memoryMiB;
  const largest = platform.kind === 'openwhisk' ? Math.max(...invokerMemoriesMiB(resolveOpenWhisk(platform))) : Infinity;
  doc.functions.forEach((f, i) => {
    const heldMiB = f.memoryMiB + vmMiB;
    if (heldMiB > largest) {
      problems.push({
        path: ['functions', i, 'memory'],
        message: `the confidential VM of ${f.name} holds ${mib(heldMiB)} (its ${mib(f.memoryMiB)} and the VM's ${mib(vmMiB)} of ${security.vmm}), more than the ${mib(largest)} of userMemory of any invoker: it could never start`,
      });
    }
    const guest = f.guest ?? defaultGuest();
    if (guest.workingSetMiB > heldMiB) {
      problems.push({ path: ['functions', i, 'guest', 'workingSet'], message: `the working set of ${f.name} (${mib(guest.workingSetMiB)}) is more than its VM's memory (${mib(heldMiB)})` });
    }
  });
  return problems;
}
