/**
 * How many waiting waiver (or reversal) requests the signed-in supervisor can decide, for the
 * navigation badge: every waiting request (the page's `total`, not just the requests on the
 * page) except their own, which another supervisor must decide.
 *
 * Their own are counted on the first page (the oldest PENDING_LIMIT): the API has no filter by
 * requester, and when `total` fits on that page (always, in practice) the count is exact. When
 * more are waiting, own requests among the newer ones, not on the page, are not subtracted, so the
 * badge may count those too; reading every page each minute for that was judged not worth it.
 */
export function decidableCount(
  page: { items: { requestedBy: string }[]; total: number },
  userId: string | undefined,
): number {
  const own = page.items.filter((w) => w.requestedBy === userId).length;
  return Math.max(0, page.total - own);
}

/**
 * Why the signed-in supervisor may not decide this reversal request, or null when they may: a
 * supervisor never decides a request they made, nor the reversal of an entry they recorded (the
 * API answers 403 SELF_APPROVAL). `entry` is the entry to reverse, when its ledger has been read.
 */
export function ownReversal(
  request: { requestedBy: string },
  entry: { createdBy: string } | undefined,
  userId: string | undefined,
): string | null {
  if (!userId) return null;
  if (request.requestedBy === userId)
    return 'You asked for this reversal: another supervisor must decide it.';
  if (entry?.createdBy === userId)
    return 'You recorded this entry: another supervisor must decide its reversal.';
  return null;
}
