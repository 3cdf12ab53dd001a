import { readPages, waitingHint } from './unseated';

/** A paged list of `total` numbers, `size` a page, recording the pages asked for. */
function pagedList(total: number, size: number) {
  const asked: number[] = [];
  const fetchPage = async (page: number) => {
    asked.push(page);
    const from = (page - 1) * size;
    const items = Array.from(
      { length: Math.max(0, Math.min(size, total - from)) },
      (_, i) => from + i,
    );
    return { items, total };
  };
  return { asked, fetchPage };
}

describe('"Add a seat" reads everyone waiting, not only the first page', () => {
  it('reads one page when all fit on it', async () => {
    const list = pagedList(150, 200);
    const read = await readPages(list.fetchPage, 10);
    expect(read.items).toHaveLength(150);
    expect(read.total).toBe(150);
    expect(list.asked).toEqual([1]);
  });

  it('reads the next pages when more are waiting than a page holds', async () => {
    const list = pagedList(450, 200);
    const read = await readPages(list.fetchPage, 10);
    expect(read.items).toEqual(Array.from({ length: 450 }, (_, i) => i));
    expect(read.total).toBe(450);
    expect(list.asked).toEqual([1, 2, 3]);
  });

  it('stops at the most pages it may read, keeping the total to say what is left out', async () => {
    const list = pagedList(2_500, 200);
    const read = await readPages(list.fetchPage, 10);
    expect(read.items).toHaveLength(2_000);
    expect(read.total).toBe(2_500);
    expect(list.asked).toHaveLength(10);
  });

  it('stops when a page comes back empty (people seated meanwhile)', async () => {
    const asked: number[] = [];
    const read = await readPages(async (page) => {
      asked.push(page);
      return { items: page === 1 ? [1, 2] : [], total: 5 };
    }, 10);
    expect(read.items).toEqual([1, 2]);
    expect(asked).toEqual([1, 2]);
  });
});

describe('the "Find by name" hint', () => {
  it('says how many wait, by the API’s count', () => {
    expect(waitingHint(1, 1)).toBe('1 person is waiting for a seat.');
    expect(waitingHint(231, 231)).toBe('231 people are waiting for a seat.');
  });

  it('says when some of them cannot be found here', () => {
    expect(waitingHint(2_345, 2_000)).toBe(
      '2,345 people are waiting for a seat. Only the 2,000 most recently enrolled can be found here.',
    );
  });
});
