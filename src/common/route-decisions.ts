/** A route as the access check sees it (kept free of Nest imports so it is unit-testable). */
export interface RouteAccess {
  route: string;
  isPublic: boolean;
  roles: readonly string[] | undefined;
}

/** Routes that would be unreachable under deny-by-default: neither @Public() nor any role. */
export function routesWithoutDecision(routes: RouteAccess[]): string[] {
  return routes
    .filter((r) => !r.isPublic && (!r.roles || r.roles.length === 0))
    .map((r) => r.route);
}
