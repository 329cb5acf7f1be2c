export { evaluateClaims, claimsOk, type ClaimVerdict, type Verdict } from './evaluate.js';
export { formatClaimTable } from './table.js';
export { toJUnitXml } from './junit.js';
