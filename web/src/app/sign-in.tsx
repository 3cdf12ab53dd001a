import { useState, type FormEvent } from 'react';
import { session, useSession } from '../api/session';
import { signInProblem } from './sign-in-problem';
import { Alert, ErrorSummary, PageHeading, TextField, useFormErrors, usePageTitle } from './ui';

/**
 * The inputs' ids. The form also shows in a dialog over a page whose session ended, and that page
 * may have an "email" field of its own (Register a participant): with the same id, the dialog's
 * labels and error links would point at the page's field behind it, leaving its own unnamed.
 */
const FIELD_IDS = { email: 'sign-in-email', password: 'sign-in-password' };

/** The sign-in form, on its own page or in the dialog over a page whose session ended. */
export function SignInForm({
  email: presetEmail = '',
  submitLabel = 'Sign in',
  onSignedIn,
}: {
  email?: string;
  submitLabel?: string;
  onSignedIn?: (userId: string) => void;
}) {
  const [email, setEmail] = useState(presetEmail);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const missing = [
      !email.trim() && { fieldId: FIELD_IDS.email, message: 'Enter your email address' },
      !password && { fieldId: FIELD_IDS.password, message: 'Enter your password' },
    ].filter(Boolean) as { fieldId: string; message: string }[];
    if (missing.length) return errors.show(missing);
    setBusy(true);
    try {
      const user = await session.signIn(email.trim(), password);
      errors.clear();
      setPassword('');
      onSignedIn?.(user.id);
    } catch (err) {
      const message = signInProblem(err);
      if (message) errors.show([{ message }]);
      else errors.fromError(err, FIELD_IDS);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="usa-form usa-form--large" onSubmit={submit} noValidate>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      <TextField
        id={FIELD_IDS.email}
        label="Email"
        type="email"
        autoComplete="username"
        spellCheck={false}
        value={email}
        error={errors.field(FIELD_IDS.email)}
        onChange={(e) => setEmail(e.target.value)}
      />
      <TextField
        id={FIELD_IDS.password}
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        error={errors.field(FIELD_IDS.password)}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" className="usa-button" disabled={busy}>
        {busy ? 'Signing in…' : submitLabel}
      </button>
    </form>
  );
}

export function SignInPage() {
  usePageTitle('Sign in');
  const { unavailable } = useSession();
  return (
    <>
      <header className="console-header">
        <div className="console-header__bar">
          <span className="console-header__title">Diversion case manager</span>
        </div>
      </header>
      <div className="grid-container padding-y-4">
        <div className="grid-row">
          <div className="grid-col-12 tablet:grid-col-8 desktop:grid-col-6">
            <PageHeading>Sign in</PageHeading>
            {unavailable && (
              <Alert type="warning" heading="Your session could not be resumed">
                <p className="margin-0">{unavailable}</p>
              </Alert>
            )}
            <p className="usa-intro">
              The case manager of Johnz School and The OAR Program. For program staff only: every
              record you open is logged.
            </p>
            <SignInForm />
          </div>
        </div>
      </div>
    </>
  );
}
