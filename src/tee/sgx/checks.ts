/**
 * Checks of a secure run that span several parts of the file: the SGX version against the
 * hardware, each enclave against the host's memory and, with `paging: avoid`, against the EPC.
 * Paths are in the merged document; the loader maps them back to where the author wrote them.
 */
import type { Problem } from '../../schema/errors.js';
import type { FunctionSpec } from '../../schema/types.js';
import type { LayerDocument } from '../../platform/security-layer.js';
import { pagesWhenWarm } from './costs.js';
import { hasSgx } from './hardware.js';
import { miBOfPages, PAGES_PER_MIB } from './pages.js';
import { defaultEnclave, type EnclaveSpec, type SgxSecurity } from './settings.js';

export const enclaveOf = (f: FunctionSpec): EnclaveSpec => f.enclave ?? defaultEnclave();

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
  doc.functions.forEach((f, i) => {
    const enclave = enclaveOf(f);
    const sizeMiB = enclave.codeMiB + enclave.heapMiB;
    if (sizeMiB > hardware.memoryMiB) {
      problems.push({
        path: ['functions', i, 'enclave'],
        message: `the enclave of ${f.name} (code + heap: ${mib(sizeMiB)}) is larger than the ${mib(hardware.memoryMiB)} of memory of hardware ${hardware.name}, which holds its pages`,
      });
    }
    const warmPages = pagesWhenWarm(security.sgx, enclave, security.initialHeapMiB, security.augmentBatchPages);
    if (security.paging === 'avoid' && warmPages > hardware.epcMiB * PAGES_PER_MIB) {
      problems.push({
        path: ['functions', i, 'enclave'],
        message: `the enclave of ${f.name} commits ${mib(miBOfPages(warmPages))} of EPC, more than the ${mib(hardware.epcMiB)} EPC of hardware ${hardware.name}: with paging: avoid it could never run`,
      });
    }
  });
  return problems;
}
