// The sessions screens' routes (parent: rootRoute from ../app/root-route). Navigation items are in nav.ts.
export const sessionsRoutes = [] as const;
