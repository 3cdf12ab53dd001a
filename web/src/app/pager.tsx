import { Link } from '@tanstack/react-router';

/** Page numbers to show: the first, the last, and the current one with its neighbours. */
export function pageNumbers(page: number, pages: number): (number | 'gap')[] {
  const wanted = new Set([1, pages, page - 1, page, page + 1].filter((n) => n >= 1 && n <= pages));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | 'gap')[] = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1] > 1) out.push('gap');
    out.push(n);
  });
  return out;
}

/**
 * "Previous", page numbers and "Next" as links to the same screen with another `page` search
 * param (so a page of a list can be bookmarked, and Back works).
 */
export function Pager({
  page,
  total,
  limit,
  to,
  params,
  label = 'Pages',
  more = false,
}: {
  page: number;
  total: number;
  limit: number;
  to: string;
  params?: Record<string, string>;
  label?: string;
  /** `total` is a lower bound (a capped count): the last page shown is not the last one. */
  more?: boolean;
}) {
  const pages = Math.max(1, Math.ceil(total / limit)) + (more ? 1 : 0);
  if (pages <= 1) return null;
  const current = Math.min(Math.max(1, page), pages);
  const link = (n: number) => ({
    to: to as never,
    params: params as never,
    search: ((s: Record<string, unknown>) => ({ ...s, page: n === 1 ? undefined : n })) as never,
  });
  return (
    <nav aria-label={label} className="usa-pagination console-pager">
      <ul className="usa-pagination__list">
        {current > 1 && (
          <li className="usa-pagination__item usa-pagination__arrow">
            <Link
              {...link(current - 1)}
              className="usa-pagination__link usa-pagination__previous-page"
            >
              <span className="usa-pagination__link-text">Previous</span>
              <span className="usa-sr-only"> page</span>
            </Link>
          </li>
        )}
        {pageNumbers(current, pages).map((n, i) =>
          n === 'gap' ? (
            <li key={`gap-${i}`} className="usa-pagination__item usa-pagination__overflow">
              <span aria-hidden="true">…</span>
            </li>
          ) : (
            <li key={n} className="usa-pagination__item usa-pagination__page-no">
              <Link
                {...link(n)}
                className={`usa-pagination__button${n === current ? ' usa-current' : ''}`}
                aria-label={`Page ${n}${n === pages && !more ? ', last page' : ''}`}
                aria-current={n === current ? 'page' : undefined}
              >
                {n}
              </Link>
            </li>
          ),
        )}
        {current < pages && (
          <li className="usa-pagination__item usa-pagination__arrow">
            <Link {...link(current + 1)} className="usa-pagination__link usa-pagination__next-page">
              <span className="usa-pagination__link-text">Next</span>
              <span className="usa-sr-only"> page</span>
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}

/**
 * "Showing 51–100 of 1,234" for a page of a list ("of more than 10,000" when `total` is a lower
 * bound).
 */
export function showing(
  page: number,
  limit: number,
  total: number,
  noun: string,
  more = false,
): string {
  if (total === 0) return `No ${noun}.`;
  const first = (page - 1) * limit + 1;
  const last = Math.min(total, page * limit);
  return `Showing ${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${more ? 'more than ' : ''}${total.toLocaleString('en-US')} ${noun}.`;
}

/** The status line above a page of a list: where the reader is in it, or that it is empty. */
export function ListStatus({
  page,
  limit,
  total,
  noun,
  empty,
  more = false,
}: {
  page: number;
  limit: number;
  total: number;
  noun: string;
  empty: string;
  /** `total` is a lower bound: more match. */
  more?: boolean;
}) {
  return <p role="status">{total === 0 ? empty : showing(page, limit, total, noun, more)}</p>;
}

/** A positive page number from a search param, or undefined for page 1. */
export function pageParam(value: unknown): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 1 && n < 1_000_000 ? n : undefined;
}
