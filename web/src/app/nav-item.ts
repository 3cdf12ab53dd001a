import type { ComponentType } from 'react';
import type { Role } from '../api/session';

/** One link of the navigation; each feature lists its own in its nav.ts. */
export interface NavItem {
  to: string;
  label: string;
  roles: Role[] | 'any';
  badge?: ComponentType;
  /** Pages outside `to` that belong to this item (the door's attendance page to "My sessions"). */
  alsoCurrentOn?: RegExp;
}
