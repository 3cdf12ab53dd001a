import { useEffect } from 'react';
import { session, useSession } from '../api/session';
import { Shell } from './shell';
import { SignInPage } from './sign-in';
import { Loading } from './ui';

/** Resumes a session from the refresh cookie, then shows the sign-in page or the console. */
export function Root() {
  const { status } = useSession();
  useEffect(() => {
    if (session.state.status === 'starting')
      void session.resume().catch((err: unknown) => session.unavailable(err));
  }, []);
  // Each state has its own <main> (keys): the sign-in page replaces the loading message instead
  // of React re-styling the same element, which the browser counted as a layout shift.
  if (status === 'starting')
    return (
      <main key="starting" className="grid-container padding-y-4">
        <Loading what="the case manager" />
      </main>
    );
  if (status === 'signedOut')
    return (
      <main key="sign-in" id="main-content">
        <SignInPage />
      </main>
    );
  return <Shell />;
}
