import type { ComponentProps, ReactNode } from 'react';
import { ListStatus, Pager, showing } from './pager';
import { LoadFailed, Loading, TableRegion } from './ui';

/** What a screen shows of a query: loading, failed, or its data. */
interface QueryLike<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
}

/**
 * A query's place on a screen: "Loading …" while it loads (and while `waiting`, e.g. for the
 * names its rows show), the failure if it failed, `empty` when given and truthy, else what
 * `children` makes of the data. `pendingClassName` wraps the loading line in a box that keeps
 * the space of what comes.
 */
export function QueryState<T>({
  query,
  what,
  waiting,
  empty,
  pendingClassName,
  children,
}: {
  query: QueryLike<T>;
  what: string;
  waiting?: boolean;
  empty?: ReactNode;
  pendingClassName?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isError) return <LoadFailed error={query.error} what={what} />;
  if (query.isPending || waiting) {
    const loading = <Loading what={what} />;
    return pendingClassName ? <div className={pendingClassName}>{loading}</div> : loading;
  }
  if (empty) return <>{empty}</>;
  return <>{children(query.data as T)}</>;
}

/** A part of a screen under its own second-level heading (which names the section). */
export function HeadedSection({
  id,
  heading,
  className,
  children,
}: {
  id: string;
  heading: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className={className}>
      <h2 id={id}>{heading}</h2>
      {children}
    </section>
  );
}

/** A column heading: its words, or its words and a class (`num` for figures). */
export type Column = string | { label: string; className?: string };

/** A right-aligned column of figures. */
export const num = (label: string): Column => ({ label, className: 'text-right' });

/** A data table in its scrolling region: column headings, then the rows, then any footer. */
export function DataTable({
  columns,
  foot,
  children,
  ...region
}: Omit<ComponentProps<typeof TableRegion>, 'children'> & {
  columns: Column[];
  foot?: ReactNode;
  children: ReactNode;
}) {
  return (
    <TableRegion {...region}>
      <thead>
        <tr>
          {columns.map((c) =>
            typeof c === 'string' ? (
              <th scope="col" key={c}>
                {c}
              </th>
            ) : (
              <th scope="col" key={c.label} className={c.className}>
                {c.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
      {foot && <tfoot>{foot}</tfoot>}
    </TableRegion>
  );
}

/** Where a list's pages are: the screen (`to`, `params`) and the pager's name. */
export interface Paging {
  page: number;
  limit: number;
  total: number;
  to: string;
  params?: Record<string, string>;
  label: string;
  /** `total` is a lower bound (a capped count): more match than it says. */
  more?: boolean;
}

/**
 * One page of a list: the status line ("Showing 1–50 of 120 events." or `empty`) when a `noun`
 * is given, the table when the page has rows, and the pager.
 */
export function PagedTable({
  paging,
  noun,
  empty,
  rows,
  ...table
}: ComponentProps<typeof DataTable> & {
  paging: Paging;
  noun?: string;
  empty?: string;
  rows: number;
}) {
  const { page, limit, total, more } = paging;
  return (
    <>
      {noun !== undefined &&
        (empty === undefined ? (
          <p role="status">{showing(page, limit, total, noun, more)}</p>
        ) : (
          <ListStatus
            page={page}
            limit={limit}
            total={total}
            more={more}
            noun={noun}
            empty={empty}
          />
        ))}
      {rows > 0 && <DataTable {...table} />}
      <Pager
        page={page}
        total={total}
        limit={limit}
        more={more}
        to={paging.to}
        params={paging.params}
        label={paging.label}
      />
    </>
  );
}

/** The page of a list that lives whole in memory (a report's rows, a batch's items). */
export function pageOf<T>(items: T[], page: number, limit: number) {
  const pages = Math.max(1, Math.ceil(items.length / limit));
  const current = Math.min(page, pages);
  return { current, shown: items.slice((current - 1) * limit, current * limit) };
}
