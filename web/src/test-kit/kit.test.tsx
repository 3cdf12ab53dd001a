import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { Dialog } from '../app/ui';
import { expectAccessible, networkFailure, problem, server } from '.';

// The kit finds what it is there to find: a test that leans on it can fail.

describe('the test kit', () => {
  it('axe reports a field without a label', async () => {
    render(
      <main>
        <h1>A form</h1>
        <input type="text" />
      </main>,
    );
    await expect(expectAccessible()).rejects.toThrow(/label/i);
  });

  it('axe passes a labelled field', async () => {
    render(
      <main>
        <h1>A form</h1>
        <label htmlFor="name">Name</label>
        <input id="name" type="text" />
      </main>,
    );
    await expectAccessible();
  });

  it('the fake API answers by method and path, a literal path before a template', async () => {
    server
      .get('/api/v1/staff/{id}', { id: 'by-template' } as never)
      .get('/api/v1/staff/directory', []);
    const directory = await fetch('/api/v1/staff/directory');
    const one = await fetch('/api/v1/staff/abc');
    expect(await directory.json()).toEqual([]);
    expect(await one.json()).toEqual({ id: 'by-template' });
    expect(server.sent('GET', '/api/v1/staff/{id}')[0].params).toEqual({ id: 'abc' });
  });

  it('records headers and bodies, and lists a request nothing answered', async () => {
    server.post('/api/v1/staff', problem(409, 'DUPLICATE_EMAIL'));
    const refused = await fetch('/api/v1/staff', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1' },
      body: JSON.stringify({ email: 'a@example.org' }),
    });
    expect(refused.status).toBe(409);
    expect((await refused.json()).code).toBe('DUPLICATE_EMAIL');
    const [sent] = server.sent('POST', '/api/v1/staff');
    expect(sent.headers.get('Idempotency-Key')).toBe('k-1');
    expect(sent.body).toEqual({ email: 'a@example.org' });

    expect((await fetch('/api/v1/programs')).status).toBe(404);
    expect(server.unhandled).toEqual(['GET /api/v1/programs']);
    server.unhandled = []; // this test wanted it
  });

  it('a network failure rejects fetch as a browser does', async () => {
    server.get('/api/v1/programs', networkFailure());
    await expect(fetch('/api/v1/programs')).rejects.toThrow(TypeError);
  });

  it('a dialog opens modal, takes focus, and Escape cancels it', async () => {
    function Harness() {
      const [open, setOpen] = useState(false);
      return (
        <>
          <button type="button" onClick={() => setOpen(true)}>
            Open
          </button>
          <Dialog open={open} title="A question" onClose={() => setOpen(false)}>
            <button type="button">Inside</button>
          </Dialog>
        </>
      );
    }
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(screen.getByRole('dialog', { name: 'A question' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Inside' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open' })).toHaveFocus();
  });
});
