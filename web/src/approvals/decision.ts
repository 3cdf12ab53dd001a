import { ApiError, type SummaryItem } from '../api/problem';
import { moneyProblem } from '../ledger/api';
import type { Enrollment } from '../enrollments/api';

/** What a decision on the Approvals screen says happened, with the ledger it changed. */
export interface Notice {
  message: string;
  enrollment?: Enrollment;
}

/** A refused decision in plain words: decided meanwhile, your own, or the money's rules. */
export function decisionProblem(err: unknown): SummaryItem[] {
  if (err instanceof ApiError && err.code === 'INVALID_TRANSITION')
    return [
      { message: 'Another supervisor decided this request meanwhile. The list is up to date now.' },
    ];
  return moneyProblem(err, {}).map((i) => ({ message: i.message }));
}
