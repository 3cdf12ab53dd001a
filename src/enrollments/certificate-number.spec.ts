import { certificateNumber } from './certificate-number';

describe('certificateNumber', () => {
  it('is C-, the year of completion and the first 8 hex digits of the id, uppercased', () => {
    expect(certificateNumber('1a2b3c4d-0000-4000-8000-000000000000', '2026-12-31')).toBe(
      'C-2026-1A2B3C4D',
    );
  });
});
