import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';
import { pageParam } from '../app/pager';
import { ProgramsPage } from './programs';
import { StaffListPage } from './staff-list';
import { AddStaffPage } from './staff-new';
import { StaffPage } from './staff-page';

// Administration (ADMIN): staff accounts and program settings. Ids only in paths.
export const adminRoutes = [
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin/staff',
    component: StaffListPage,
    validateSearch: (s: Record<string, unknown>): { page?: number } => ({
      page: pageParam(s.page),
    }),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin/staff/new',
    component: AddStaffPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin/staff/$staffId',
    component: StaffPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin/programs',
    component: ProgramsPage,
  }),
] as const;
