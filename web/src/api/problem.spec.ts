import { ApiError, fieldErrors, NetworkError, summarize } from './problem';

const problem = (p: object) => new ApiError({ status: 400, ...p });

describe('Error mapping for the error summary', () => {
  it('links each field error to its input, by the API field name', () => {
    const items = summarize(
      problem({
        code: 'VALIDATION_FAILED',
        errors: [
          { field: 'dateOfBirth', message: 'must be a date in the past' },
          { field: 'lastName', message: 'must not be empty' },
        ],
      }),
      { dateOfBirth: 'dob', lastName: 'lastName' },
    );
    expect(items).toEqual([
      { fieldId: 'dob', message: 'Must be a date in the past' },
      { fieldId: 'lastName', message: 'Must not be empty' },
    ]);
    expect(fieldErrors(items)).toEqual({
      dob: 'Must be a date in the past',
      lastName: 'Must not be empty',
    });
  });

  it('maps a nested field (records[3].status) to the input of its top-level field', () => {
    const [item] = summarize(
      problem({ errors: [{ field: 'records[3].status', message: 'is invalid' }] }),
      {
        records: 'roster',
      },
    );
    expect(item.fieldId).toBe('roster');
  });

  it('names a field that has no input on the form', () => {
    const [item] = summarize(
      problem({ errors: [{ field: 'stateIdNumber', message: 'is too long' }] }),
    );
    expect(item).toEqual({ fieldId: undefined, message: 'stateIdNumber: is too long' });
  });

  it('uses plain words for the codes staff meet', () => {
    expect(summarize(new ApiError({ status: 409, code: 'DUPLICATE_PARTICIPANT' }))[0].message).toBe(
      'This person may already be registered.',
    );
    expect(summarize(new ApiError({ status: 403, code: 'SELF_APPROVAL' }))[0].message).toMatch(
      /own request/,
    );
  });

  it('falls back to the API’s detail, and never shows internals of a 5xx', () => {
    expect(
      summarize(new ApiError({ status: 422, code: 'SOMETHING_NEW', detail: 'Explained.' }))[0]
        .message,
    ).toBe('Explained.');
    expect(
      summarize(new ApiError({ status: 500, detail: 'relation "x" does not exist' }))[0].message,
    ).not.toMatch(/relation/);
  });

  it('says when the network is down', () => {
    expect(summarize(new NetworkError())[0].message).toMatch(/could not be reached/);
  });
});
