import { duplicateRows } from './attendance-rows';

describe('duplicateRows', () => {
  it('names every repeat of an earlier row, pointing at the first', () => {
    expect(duplicateRows(['a', 'b', 'a', 'c', 'b', 'a'])).toEqual([
      { field: 'records[2].enrollmentId', message: 'repeats records[0].enrollmentId' },
      { field: 'records[4].enrollmentId', message: 'repeats records[1].enrollmentId' },
      { field: 'records[5].enrollmentId', message: 'repeats records[0].enrollmentId' },
    ]);
  });

  it('finds nothing in distinct rows', () => {
    expect(duplicateRows(['a', 'b', 'c'])).toEqual([]);
  });
});
