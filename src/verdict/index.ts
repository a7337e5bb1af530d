export { VERDICT_ORDER, verdictRank, compareVerdicts, worstVerdict } from './order.js';
export { expiresAt, isCurrent } from './lifetime.js';
export { targetOutcome, versionOutcome, exitCodeFor, type VerdictOf, type ExpiryOf } from './outcome.js';
export { scopeSummary, type ScopeSummary } from './scope-summary.js';
