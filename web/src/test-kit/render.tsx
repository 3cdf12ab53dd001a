import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRouter, RouterProvider } from '@tanstack/react-router';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { router as consoleRouter } from '../app/router';
import { LiveRegionProvider } from '../app/ui';

/**
 * A person at the keyboard and mouse. No style sheets are loaded here, so nothing is ever
 * `pointer-events: none`: user-event's check for it (computed styles up the tree on every
 * pointer event) is left out.
 */
function setupUser() {
  return userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
}

/** The person of a test: `user.click`, `user.type`, `user.keyboard`. */
export type User = ReturnType<typeof userEvent.setup>;

/** The console's query client, without retries: a refused or lost request shows at once. */
export function testQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, staleTime: 15_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

function Providers({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={client}>
      <LiveRegionProvider>{children}</LiveRegionProvider>
    </QueryClientProvider>
  );
}

/**
 * The console at `url` as main.tsx starts it (the shell, its navigation, the live region), with
 * the console's own route tree on a memory history. Sign in first (signInAs), or the sign-in
 * page shows. `user` types and clicks like a person.
 */
export function renderRoute(url: string) {
  const queryClient = testQueryClient();
  const router = createRouter({
    routeTree: consoleRouter.routeTree,
    history: createMemoryHistory({ initialEntries: [url] }),
  });
  const user = setupUser();
  const view = render(
    <Providers client={queryClient}>
      <RouterProvider router={router} />
    </Providers>,
  );
  return {
    ...view,
    user,
    router,
    queryClient,
    /** The path the console shows now. */
    pathname: () => router.state.location.pathname,
  };
}

/**
 * Puts `text` into a field as a person pasting it would: focus, then one input of the whole
 * text (typing key by key re-renders the page on every key, which adds up in a long form).
 */
export async function enter(user: User, field: HTMLElement, text: string): Promise<void> {
  await user.click(field);
  await user.paste(text);
}

/** One component with the providers a screen has (no router), for a dialog on its own. */
export function renderWithProviders(ui: ReactNode) {
  const user = setupUser();
  const view = render(<Providers client={testQueryClient()}>{ui}</Providers>);
  return { ...view, user };
}

/** The form's error summary ("There is a problem"), once it shows. */
export function findErrorSummary(): Promise<HTMLElement> {
  return screen.findByRole('alert', { name: 'There is a problem' });
}

/** The messages of the error summary, in order. */
export function summaryMessages(summary: HTMLElement): string[] {
  return within(summary)
    .getAllByRole('listitem')
    .map((li) => li.textContent ?? '');
}

/**
 * The error summary lists these errors, in order, each linking to its field (`[field id,
 * message]`), and each of those fields is marked invalid.
 */
export function expectErrorsOn(summary: HTMLElement, errors: [fieldId: string, message: string][]) {
  expect(summaryMessages(summary)).toEqual(errors.map(([, message]) => message));
  expect(
    within(summary)
      .getAllByRole('link')
      .map((a) => a.getAttribute('href')),
  ).toEqual(errors.map(([id]) => `#${id}`));
  for (const [id] of errors) expect(document.getElementById(id)).toBeInvalid();
}

/**
 * The error summary once it says `messages`, in order: after a second press its words change in
 * place (the summary of the first is already in view).
 */
export async function summarySays(messages: string[]): Promise<HTMLElement> {
  await waitFor(() =>
    expect(summaryMessages(screen.getByRole('alert', { name: 'There is a problem' }))).toEqual(
      messages,
    ),
  );
  return screen.getByRole('alert', { name: 'There is a problem' });
}

/** The rows of the summary lists on the page (a review, a receipt), as "term: value". */
export function summaryRows(): string[] {
  return screen
    .getAllByRole('term')
    .map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`);
}

/** The console's polite live region: what a screen reader is told. */
export function liveRegion(): HTMLElement {
  const region = screen.getAllByRole('status').find((el) => el.id === 'live-region');
  if (!region) throw new Error('The live region is not on the page');
  return region;
}
