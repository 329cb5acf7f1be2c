/**
 * Checks of a secure run that span several parts of the file: the SGX version against the
 * hardware, each enclave against the host's memory and, with `paging: avoid`, against the EPC.
 * Paths are in the merged document; the loader maps them back to where the author wrote them.
 */
import type { Problem } from '../../schema/errors.js';
import type { FunctionSpec, PlatformSpec } from '../../schema/types.js';
import { pagesWhenWarm } from './costs.js';
import { hardwareProfile } from './hardware.js';
import type { EnclaveSpec, HardwareProfile, SgxSecurity } from '../../schema/sgx.js';
import { miBOfPages, PAGES_PER_MIB } from './pages.js';
import { defaultEnclave, defaultHardwareName } from '../../schema/security.js';

/** The SGX settings of a resolved platform; undefined when it runs native. */
export function securityOf(platform: PlatformSpec): SgxSecurity | undefined {
  return platform.kind === 'openwhisk' ? (platform.security as SgxSecurity | undefined) : undefined;
}

/** The machine a run uses: the file's, else models/sgx.yaml's default when the platform is secure. */
export function hardwareOf(hardware: HardwareProfile | undefined, platform: PlatformSpec): HardwareProfile | undefined {
  return hardware ?? (securityOf(platform) === undefined ? undefined : hardwareProfile(defaultHardwareName()));
}

export const enclaveOf = (f: FunctionSpec): EnclaveSpec => f.enclave ?? defaultEnclave();

const mib = (m: number) => `${Number(m.toPrecision(6))} MiB`;

export function checkSgxRun(doc: { hardware?: HardwareProfile; platform: PlatformSpec; functions: FunctionSpec[] }): Problem[] {
  const security = securityOf(doc.platform);
  const hardware = hardwareOf(doc.hardware, doc.platform);
  if (security === undefined || hardware === undefined) return [];
  const problems: Problem[] = [];
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
