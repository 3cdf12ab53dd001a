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
