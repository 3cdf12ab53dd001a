import { useSession } from '../api/session';
import { useDecidableReversalCount, useDecidableWaiverCount } from './api';

/**
 * The count of waiting waiver and reversal requests the signed-in supervisor can decide (all that
 * wait, less their own), beside "Approvals" in the navigation. Its words make the link read
 * "Approvals, 3 waiting" to a screen reader; the eye sees the number in a tag.
 */
export function ApprovalsBadge() {
  const { user } = useSession();
  const waivers = useDecidableWaiverCount(user?.id).data ?? 0;
  const reversals = useDecidableReversalCount(user?.id);
  const n = waivers + reversals;
  if (!n) return null;
  return (
    <span className="usa-tag nav-badge">
      <span className="usa-sr-only">, </span>
      {n}
      <span className="usa-sr-only"> waiting</span>
    </span>
  );
}
