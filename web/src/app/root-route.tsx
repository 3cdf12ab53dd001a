import { createRootRoute, Link } from '@tanstack/react-router';
import { Root } from './root';
import { PageHeading, usePageTitle } from './ui';

/** The root of every route. Feature folders add their routes in their own `routes.tsx`. */
export const rootRoute = createRootRoute({ component: Root, notFoundComponent: NotFound });

function NotFound() {
  usePageTitle('Page not found');
  return (
    <>
      <PageHeading>Page not found</PageHeading>
      <p>
        There is no page at this address. If you typed it, check it; otherwise start again from the
        home page.
      </p>
      <Link to="/">Go to the home page</Link>
    </>
  );
}
