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
  if (status === 'starting')
    return (
      <main className="grid-container padding-y-4">
        <Loading what="the case manager" />
      </main>
    );
  if (status === 'signedOut')
    return (
      <main id="main-content">
        <SignInPage />
      </main>
    );
  return <Shell />;
}
