import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/**
 * The home page's session cards link to their lists: "My sessions today" (FACILITATOR) and
 * "Sessions with no attendance recorded" (SUPERVISOR). Any other card is left as it is.
 */
export function SessionCardLink({ cardKey, children }: { cardKey: string; children: ReactNode }) {
  if (cardKey === 'mySessionsToday') return <Link to="/my-sessions">{children}</Link>;
  if (cardKey === 'sessionsWithoutAttendance')
    return (
      <Link to="/sessions" search={{ withoutAttendance: 'true' }}>
        {children}
      </Link>
    );
  return <>{children}</>;
}
