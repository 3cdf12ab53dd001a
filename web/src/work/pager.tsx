/** Previous / next for a paged list (`?page=`), with where the reader is. */
export function Pager({
  page,
  limit,
  total,
  onPage,
  label,
}: {
  page: number;
  limit: number;
  total: number;
  onPage: (page: number) => void;
  label: string;
}) {
  const pages = Math.max(1, Math.ceil(total / limit));
  if (pages <= 1) return null;
  return (
    <nav aria-label={`${label} pages`} className="usa-pagination">
      <ul className="usa-pagination__list">
        <li className="usa-pagination__item usa-pagination__arrow">
          <button
            type="button"
            className="usa-button usa-button--unstyled usa-pagination__link"
            disabled={page <= 1}
            onClick={() => onPage(page - 1)}
          >
            Previous page
          </button>
        </li>
        <li className="usa-pagination__item">
          <span aria-current="page">
            Page {page} of {pages}
          </span>
        </li>
        <li className="usa-pagination__item usa-pagination__arrow">
          <button
            type="button"
            className="usa-button usa-button--unstyled usa-pagination__link"
            disabled={page >= pages}
            onClick={() => onPage(page + 1)}
          >
            Next page
          </button>
        </li>
      </ul>
    </nav>
  );
}
