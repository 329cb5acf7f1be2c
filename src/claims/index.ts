export { evaluateClaims, claimsOk, type ClaimVerdict, type PaperVerdict, type Verdict } from './evaluate.js';
