import { usePendingWaivers } from './waivers';

/**
 * The count of waiting waiver requests beside "Approvals" in the navigation. Its words make the
 * link read "Approvals, 3 waiting" to a screen reader; the eye sees the number in a tag.
 */
export function ApprovalsBadge() {
  const pending = usePendingWaivers();
  const n = pending.data?.length ?? 0;
  if (!n) return null;
  return (
    <span className="usa-tag nav-badge">
      <span className="usa-sr-only">, </span>
      {n}
      <span className="usa-sr-only"> waiting</span>
    </span>
  );
}
