/**
 * Checks of a secure run that span several parts of the file: the SGX version against the
 * hardware, each enclave against its heap, the host's memory, the invoker's and the function's
 * memory, and the EPC. Errors where no machine could run it (a working set larger than its heap,
 * an enclave larger than the host's RAM, a warm enclave larger than the EPC with `paging: avoid`);
 * warnings where it runs but not as one may think (it pages every run, its evicted pages outgrow
 * the memory that keeps them). Paths are in the merged document; the loader maps them back to
 * where the author wrote them.
 */
import type { Problem } from '../../schema/errors.js';
import type { FunctionSpec } from '../../schema/types.js';
import type { LayerDocument } from '../../platform/security-layer.js';
import { pagesWhenWarm } from './costs.js';
import { hasSgx } from './hardware.js';
import { miBOfPages, PAGES_PER_MIB } from './pages.js';
import { resolveEnclave, type EnclaveSpec, type SgxSecurity } from './settings.js';

export const enclaveOf = (f: FunctionSpec): EnclaveSpec => resolveEnclave(f.enclave, f.kind, f.memoryMiB);

const mib = (m: number) => `${Number(m.toPrecision(6))} MiB`;

export function checkSgxRun(doc: LayerDocument<SgxSecurity>): Problem[] {
  const { settings: security, hardware } = doc;
  const problems: Problem[] = [];
  if (hardware === undefined) return problems; // the layer names a default machine: never the case
  if (!hasSgx(hardware)) return [{ path: ['hardware'], message: `hardware ${hardware.name} has no SGX (its profile writes no epc, sgx, ...): SGX and Clemmys run on a machine with SGX` }];
  if (!hardware.sgxVersions.includes(security.sgx)) {
    problems.push({
      path: ['platform', 'security', 'sgx'],
      message: `sgx: ${security.sgx} needs ${security.sgx === 'v2' ? 'SGX2 (EDMM)' : 'SGX1'}, which hardware profile ${hardware.name} does not have (it has ${hardware.sgxVersions.join(', ')})`,
    });
    return problems;
  }
  const invokerMiB = invokerMemoryMiB(doc.platform);
  doc.functions.forEach((f, i) => {
    const enclave = enclaveOf(f);
    const at = ['functions', i, 'enclave'];
    const of = `the enclave of ${f.name} (${enclave.runtime}${f.enclave?.runtime === undefined ? `, the runtime of kind ${f.kind}` : ''})`;
    if (enclave.workingSetMiB > enclave.heapMiB) {
      problems.push({ path: [...at, 'workingSet'], message: `${of}: its working set (${mib(enclave.workingSetMiB)}) is heap a request touches: it cannot be larger than the heap (${mib(enclave.heapMiB)})` });
      return;
    }
    const sizeMiB = enclave.codeMiB + enclave.heapMiB;
    const size = `code + heap: ${mib(sizeMiB)}`;
    if (sizeMiB > hardware.memoryMiB) {
      problems.push({ path: at, message: `${of} (${size}) is larger than the ${mib(hardware.memoryMiB)} of memory of hardware ${hardware.name}, which holds its pages` });
      return;
    }
    const warmPages = pagesWhenWarm(security.sgx, enclave, security.initialHeapMiB, security.augmentBatchPages);
    if (security.paging === 'avoid' && warmPages > hardware.epcMiB * PAGES_PER_MIB) {
      problems.push({ path: at, message: `${of} commits ${mib(miBOfPages(warmPages))} of EPC, more than the ${mib(hardware.epcMiB)} EPC of hardware ${hardware.name}: with paging: avoid it could never run` });
      return;
    }
    if (invokerMiB !== undefined && sizeMiB > invokerMiB) {
      problems.push({ path: at, warning: true, message: `${of} (${size}) is larger than the invoker's ${mib(invokerMiB)} of user memory: its evicted pages are kept in memory OpenWhisk does not count` });
    } else if (sizeMiB > f.memoryMiB) {
      problems.push({ path: at, warning: true, message: `${of} (${size}) is larger than the function's ${mib(f.memoryMiB)} memory limit: its evicted pages are kept in memory OpenWhisk does not count for it` });
    }
    if (security.paging === 'allow' && enclave.workingSetMiB > hardware.epcMiB) {
      problems.push({ path: at, warning: true, message: `${of} touches ${mib(enclave.workingSetMiB)} a request, more than the ${mib(hardware.epcMiB)} EPC of hardware ${hardware.name}: every run reloads its working set` });
    }
  });
  return problems;
}

/** The smallest invoker's user memory, when the platform says it. */
function invokerMemoryMiB(platform: unknown): number | undefined {
  const p = platform as { invokerGroups?: { userMemoryMiB: number }[] };
  if (!Array.isArray(p.invokerGroups) || p.invokerGroups.length === 0) return undefined;
  return Math.min(...p.invokerGroups.map((g) => g.userMemoryMiB));
}
