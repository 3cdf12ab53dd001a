import { summarize } from '../api/problem';
import { session, useSession } from '../api/session';
import { Form, SubmitButton, useForm } from './form';
import { signInProblem } from './sign-in-problem';
import { Alert, EmailField, PageHeading, TextField, usePageTitle } from './ui';

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
  const form = useForm({
    initial: { email: presetEmail, password: '' },
    ids: FIELD_IDS,
    clearSummary: 'when-sent',
    check(v, problems) {
      const email = problems.required('email', v.email, 'Enter your email address');
      problems.when(!v.password, 'password', 'Enter your password');
      return { email, password: v.password };
    },
    async send({ email, password }) {
      const user = await session.signIn(email, password);
      form.set('password', '');
      onSignedIn?.(user.id);
    },
    refused(err, ids) {
      const message = signInProblem(err);
      return message ? [{ message }] : summarize(err, ids);
    },
  });

  return (
    <Form form={form}>
      <EmailField {...form.bind('email')} label="Email" autoComplete="username" />
      <TextField
        {...form.bind('password')}
        label="Password"
        type="password"
        autoComplete="current-password"
      />
      <SubmitButton form={form} busy="Signing in…">
        {submitLabel}
      </SubmitButton>
    </Form>
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
