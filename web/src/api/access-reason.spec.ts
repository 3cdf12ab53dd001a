import { closedRecordAccess } from './access-reason';

describe('the reason a closed record is open for', () => {
  afterEach(() => closedRecordAccess.forget());

  it('is held for the record and the ids learned of it, then forgotten with all of them', () => {
    expect(closedRecordAccess.reason()).toBeNull();
    closedRecordAccess.open('P-1', 'COURT_ORDER');
    closedRecordAccess.include(['r-1', null, 'E-1']);
    expect(closedRecordAccess.reason()).toBe('COURT_ORDER');
    expect(['p-1', 'R-1', 'e-1', 'x-1'].map((id) => closedRecordAccess.covers(id))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(closedRecordAccess.forget().sort()).toEqual(['e-1', 'p-1', 'r-1']);
    expect(closedRecordAccess.reason()).toBeNull();
    expect(closedRecordAccess.covers('p-1')).toBe(false);
  });

  it('opening another record replaces the first one: its ids are not covered any more', () => {
    closedRecordAccess.open('p-1', 'AUDIT');
    closedRecordAccess.open('p-2', 'FOLLOW_UP');
    expect(closedRecordAccess.covers('p-1')).toBe(false);
    expect(closedRecordAccess.reason()).toBe('FOLLOW_UP');
  });

  it('learns no ids when no record is open, and tells listeners of each change', () => {
    closedRecordAccess.include(['r-1']);
    expect(closedRecordAccess.current).toBeNull();
    const seen: (string | null)[] = [];
    const stop = closedRecordAccess.subscribe(() => seen.push(closedRecordAccess.reason()));
    closedRecordAccess.open('p-1', 'AUDIT');
    closedRecordAccess.include(['p-1']); // nothing new: no change
    closedRecordAccess.forget();
    stop();
    expect(seen).toEqual(['AUDIT', null]);
  });
});
