import { screen } from '@testing-library/react';
import type { Schemas } from '../api/client';
import { server } from './fake-api';
import { aLedger } from './fixtures';
import { renderRoute } from './render';

type Enrollment = Schemas['EnrollmentDto'];

/** The enrollment and its ledger as the API gives them, with `receivedCents` paid so far. */
export function serveLedger(enrollment: Enrollment, receivedCents = 0): void {
  server
    .get('/api/v1/enrollments/{id}', enrollment)
    .get('/api/v1/enrollments/{id}/ledger', aLedger(enrollment, { receivedCents }));
}

/** One of an enrollment's money forms, once its Amount field shows. */
export async function openMoneyForm(
  enrollment: Enrollment,
  form: 'payments' | 'refunds' | 'waiver-requests',
) {
  const page = renderRoute(`/enrollments/${enrollment.id}/${form}/new`);
  await screen.findByRole('textbox', { name: 'Amount' });
  return page;
}
