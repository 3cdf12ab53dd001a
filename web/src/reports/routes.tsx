// The reports screens' routes (parent: rootRoute from ../app/root-route). Navigation items are in nav.ts.
export const reportsRoutes = [] as const;
