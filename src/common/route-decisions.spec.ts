import { routesWithoutDecision } from './route-decisions';

describe('routesWithoutDecision', () => {
  it('names every route that is neither public nor opened to a role', () => {
    expect(
      routesWithoutDecision([
        { route: 'GET /health', isPublic: true, roles: undefined },
        { route: 'GET /programs', isPublic: false, roles: ['ANY'] },
        { route: 'POST /staff', isPublic: false, roles: ['ADMIN'] },
        { route: 'DELETE /forgotten', isPublic: false, roles: undefined },
        { route: 'PUT /empty', isPublic: false, roles: [] },
      ]),
    ).toEqual(['DELETE /forgotten', 'PUT /empty']);
  });
});
