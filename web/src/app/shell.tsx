import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import {
  useEffect,
  useRef,
  useState,
  type ComponentType,
  type FormEvent,
  type ReactNode,
} from 'react';
import { hasRole, session, useSession, type Role } from '../api/session';
import { ClosedRecordScope } from '../records/scope';
import { IdleTimer } from './idle';
import { navItems } from './nav';
import { setLastSearch, useLastSearch } from './search-state';
import { SignInForm } from './sign-in';
import { Alert, Dialog, usePageTitle } from './ui';

const ROLE_NAMES: Record<Role, string> = {
  ADMIN: 'Administrator',
  INTAKE: 'Intake',
  FACILITATOR: 'Facilitator',
  FINANCE: 'Finance',
  SUPERVISOR: 'Supervisor',
  AUDITOR: 'Auditor',
};

export function roleNames(roles: Role[]): string {
  return roles.map((r) => ROLE_NAMES[r] ?? r).join(', ');
}

/** Header, navigation, the "Find a participant" box, and the page. */
export function Shell() {
  const { status, user, endedBecause, signOutFailed } = useSession();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const first = useRef(true);

  // After navigating, focus goes to the new page's heading, so keyboard and screen-reader users
  // start at the top of what changed.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // Pages that load their data first show their heading later: wait for it (up to 5 s),
    // unless the person has moved on themselves meanwhile: focus outside the header, or any key
    // pressed since (someone already tabbing, even within the header, keeps their place).
    const started = Date.now();
    let keyPressed = false;
    const onKey = () => (keyPressed = true);
    window.addEventListener('keydown', onKey, true);
    const stop = () => {
      window.clearInterval(t);
      window.removeEventListener('keydown', onKey, true);
    };
    const t = window.setInterval(() => {
      const heading = document.getElementById('page-heading');
      const active = document.activeElement;
      const userMoved =
        keyPressed || (active && active !== document.body && !active.closest('.console-header'));
      if (heading || userMoved || Date.now() - started > 5000) {
        stop();
        if (heading && !userMoved) heading.focus();
      }
    }, 50);
    return stop;
  }, [pathname]);

  const ended = status === 'ended';
  const items = navItems(user);
  // The current item is the one that claims the page, else the one whose path is the longest
  // prefix of the page's.
  const current =
    items.find((i) => i.alsoCurrentOn?.test(pathname)) ??
    items
      .filter((i) =>
        i.to === '/' ? pathname === '/' : pathname === i.to || pathname.startsWith(`${i.to}/`),
      )
      .sort((a, b) => b.to.length - a.to.length)[0];
  const canSearch = hasRole(user, 'INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR');

  return (
    <>
      <a className="usa-skipnav" href="#main-content">
        Skip to main content
      </a>
      <div className={ended ? 'session-ended' : undefined} inert={ended || undefined}>
        <header className="console-header">
          <div className="console-header__bar">
            <Link to="/" className="console-header__title">
              Diversion case manager
            </Link>
            <div className="console-header__user">
              <span>
                <span className="text-bold">{user?.displayName}</span>
                <span className="console-header__roles"> · {roleNames(user?.roles ?? [])}</span>
              </span>
              <button
                type="button"
                className="usa-button usa-button--outline usa-button--inverse console-header__signout"
                onClick={async () => {
                  // A failed sign-out keeps the person signed in and says so (signOutFailed).
                  if (!(await session.signOut())) return;
                  queryClient.clear();
                  void navigate({ to: '/' });
                }}
              >
                Sign out
              </button>
            </div>
          </div>
          <div className="console-header__tools">
            <nav aria-label="Main" className="console-nav">
              <ul>
                {items.map((i) => (
                  <li key={i.to}>
                    {/* The router marks a link current itself on any page under its path, which
                        would make two items "current" (Sessions and My sessions today): exact
                        only, so the one item chosen above is the current page. */}
                    <Link
                      to={i.to}
                      activeOptions={{ exact: true }}
                      className={i === current ? 'is-current' : undefined}
                      aria-current={i === current ? 'page' : undefined}
                    >
                      {i.label}
                      {i.badge ? <i.badge /> : null}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
            {/* The search page has its own box: one box on a screen, never two. */}
            {canSearch && pathname !== '/participants' && <FindParticipantBox />}
          </div>
        </header>
        <main id="main-content" className="console-main grid-container padding-y-3">
          {signOutFailed && status === 'signedIn' && (
            <div role="alert">
              <Alert type="error" heading="You are still signed in">
                {signOutFailed}
              </Alert>
            </div>
          )}
          <Outlet />
        </main>
        <footer className="console-footer grid-container">
          Every dollar collected goes to Veronica&apos;s Voice. Records are confidential
          criminal-justice information: every view is logged.
        </footer>
      </div>
      <IdleTimer />
      <ClosedRecordScope />
      <Dialog
        open={ended}
        title={endedBecause === 'idle' ? 'You were signed out' : 'Your session has ended'}
      >
        <p>
          {endedBecause === 'idle'
            ? 'You were signed out after 15 minutes without activity.'
            : 'Your session has ended.'}{' '}
          Sign in again to carry on: the page and anything you typed are kept.
        </p>
        {signOutFailed && (
          <p role="alert" className="text-error text-bold">
            {signOutFailed}
          </p>
        )}
        <SignInForm
          email={user?.email}
          submitLabel="Sign in and carry on"
          onSignedIn={(id) => {
            // Someone else signed in at this desk: start them at home, with nothing cached.
            if (id !== user?.id) {
              queryClient.clear();
              void navigate({ to: '/' });
            }
          }}
        />
      </Dialog>
    </>
  );
}

function FindParticipantBox() {
  const navigate = useNavigate();
  // Keeps the last search's text, as the search page does.
  const last = useLastSearch();
  const [q, setQ] = useState(last);
  useEffect(() => setQ(last), [last]);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!q.trim()) return;
    // The search term is a name, date of birth or case number: it stays in memory, not the URL.
    setLastSearch(q.trim());
    void navigate({ to: '/participants' });
  }
  return (
    <form className="console-search" role="search" onSubmit={submit}>
      <label className="usa-label margin-top-0" htmlFor="find-participant">
        Find a participant
      </label>
      <div className="console-search__row">
        <input
          id="find-participant"
          className="usa-input"
          type="search"
          autoComplete="off"
          spellCheck={false}
          placeholder="Name, date of birth or case number"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <button className="usa-button" type="submit">
          Search
        </button>
      </div>
    </form>
  );
}

/** Shown instead of a screen the signed-in roles may not use (the API would refuse it too). */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { user } = useSession();
  if (hasRole(user, ...roles)) return <>{children}</>;
  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        You cannot use this page
      </h1>
      <p>
        This page needs the role {roles.map((r) => ROLE_NAMES[r]).join(' or ')}. Ask an
        administrator if your work needs it.
      </p>
      <Link to="/">Go to the home page</Link>
    </>
  );
}

/** A page for `roles` only: its title, then `Screen` (or why the signed-in roles may not use it). */
export function rolePage(title: string, roles: Role[], Screen: ComponentType) {
  return function RolePage() {
    usePageTitle(title);
    return (
      <RequireRole roles={roles}>
        <Screen />
      </RequireRole>
    );
  };
}
