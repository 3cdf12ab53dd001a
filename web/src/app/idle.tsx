import { useEffect, useRef, useState } from 'react';
import { session, useSession } from '../api/session';
import { Dialog } from './ui';

export const IDLE_WARNING_MS = 13 * 60_000;
export const IDLE_SIGN_OUT_MS = 15 * 60_000;
/**
 * While someone works, the access token is renewed every 10 minutes: the server ends a console
 * session whose refresh token goes unused for 20 minutes (a browser closed on a shared desk).
 */
export const REFRESH_WHILE_ACTIVE_MS = 10 * 60_000;
const ACTIVITY = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

/**
 * After 13 minutes without activity a dialog warns and offers "Stay signed in"; at 15 minutes
 * the console signs out (and the sign-in dialog appears over the page, which keeps its form).
 */
export function IdleTimer() {
  const { status, signOutFailed } = useSession();
  const last = useRef(Date.now());
  const [warning, setWarning] = useState(false);
  const [secondsLeft, setSecondsLeft] = useState(0);
  // Once the warning shows, only "Stay signed in" counts as activity.
  const warningRef = useRef(false);
  const lastAttempt = useRef(0);

  useEffect(() => {
    if (status !== 'signedIn') return;
    last.current = Date.now();
    const touch = () => {
      if (!warningRef.current) last.current = Date.now();
    };
    for (const e of ACTIVITY) window.addEventListener(e, touch, { passive: true, capture: true });
    const tick = window.setInterval(() => {
      const idle = Date.now() - last.current;
      if (idle >= IDLE_SIGN_OUT_MS) {
        setWarning(false);
        warningRef.current = false;
        void session.end('idle');
      } else if (
        idle < 60_000 &&
        session.tokenAge() >= REFRESH_WHILE_ACTIVE_MS &&
        Date.now() - lastAttempt.current > 60_000
      ) {
        lastAttempt.current = Date.now();
        void session.refresh().catch(() => false);
      } else if (idle >= IDLE_WARNING_MS) {
        warningRef.current = true;
        setWarning(true);
        setSecondsLeft(Math.ceil((IDLE_SIGN_OUT_MS - idle) / 1000));
      }
    }, 1000);
    return () => {
      for (const e of ACTIVITY) window.removeEventListener(e, touch, { capture: true });
      window.clearInterval(tick);
    };
  }, [status]);

  async function stay() {
    last.current = Date.now();
    warningRef.current = false;
    setWarning(false);
    await session.refresh().catch(() => false);
  }

  const minutes = Math.floor(secondsLeft / 60);
  const seconds = secondsLeft % 60;
  return (
    <Dialog
      open={warning && status === 'signedIn'}
      title="You will be signed out soon"
      onClose={stay}
    >
      <p>
        You have not used the case manager for 13 minutes. To protect the records on screen, you
        will be signed out in{' '}
        <strong>
          {minutes > 0 ? `${minutes} minute${minutes === 1 ? '' : 's'} ` : ''}
          {seconds} second{seconds === 1 ? '' : 's'}
        </strong>
        . Anything you have typed stays on the page.
      </p>
      {signOutFailed && (
        <p role="alert" className="text-error text-bold">
          {signOutFailed}
        </p>
      )}
      <div className="usa-button-group">
        <button type="button" className="usa-button" onClick={stay} data-autofocus>
          Stay signed in
        </button>
        <button
          type="button"
          className="usa-button usa-button--outline"
          onClick={() => void session.signOut()}
        >
          Sign out now
        </button>
      </div>
    </Dialog>
  );
}
