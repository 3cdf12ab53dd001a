import { decidableCount, ownReversal } from './decidable';

const req = (requestedBy: string) => ({ requestedBy });

describe('the Approvals badge: waiting requests the supervisor can decide', () => {
  it('counts every waiting request, not only the page read (at most 200)', () => {
    const items = Array.from({ length: 200 }, () => req('clerk'));
    expect(decidableCount({ items, total: 260 }, 'supervisor')).toBe(260);
  });

  it('leaves out the supervisor’s own requests, which another supervisor decides', () => {
    const items = [req('clerk'), req('supervisor'), req('clerk'), req('supervisor')];
    expect(decidableCount({ items, total: 4 }, 'supervisor')).toBe(2);
    expect(decidableCount({ items: [req('supervisor')], total: 1 }, 'supervisor')).toBe(0);
    expect(decidableCount({ items, total: 4 }, 'someone-else')).toBe(4);
  });

  it('leaves out the own requests on the page when more are waiting than the page holds', () => {
    const items = [...Array.from({ length: 199 }, () => req('clerk')), req('supervisor')];
    expect(decidableCount({ items, total: 230 }, 'supervisor')).toBe(229);
  });

  it('counts nothing for nothing waiting, or before the session is known', () => {
    expect(decidableCount({ items: [], total: 0 }, 'supervisor')).toBe(0);
    expect(decidableCount({ items: [req('clerk')], total: 1 }, undefined)).toBe(1);
  });
});

describe('a reversal request the supervisor cannot decide', () => {
  it('is their own request, or reverses an entry they recorded; else they may decide it', () => {
    expect(ownReversal({ requestedBy: 'sup' }, { createdBy: 'clerk' }, 'sup')).toBe(
      'You asked for this reversal: another supervisor must decide it.',
    );
    expect(ownReversal({ requestedBy: 'clerk' }, { createdBy: 'sup' }, 'sup')).toBe(
      'You recorded this entry: another supervisor must decide its reversal.',
    );
    expect(ownReversal({ requestedBy: 'clerk' }, { createdBy: 'intake' }, 'sup')).toBeNull();
  });

  it('is decided by the API when the entry is not known yet, or before the session is', () => {
    expect(ownReversal({ requestedBy: 'clerk' }, undefined, 'sup')).toBeNull();
    expect(ownReversal({ requestedBy: 'sup' }, { createdBy: 'sup' }, undefined)).toBeNull();
  });
});
