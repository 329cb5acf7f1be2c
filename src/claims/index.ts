export { evaluateClaims, claimsOk, type ClaimVerdict, type Verdict } from './evaluate.js';
