import { Injectable } from '@nestjs/common';
import { addDays, isCalendarDate } from '../common/dates';
import { AuditEventPage, AuditQuery } from './audit.dto';
import { AuditFilter, AuditRepository } from './audit.repository';

/** Reads the audit trail for GET /audit-events. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly events: AuditRepository) {}

  async list(q: AuditQuery): Promise<AuditEventPage> {
    const found = await this.events.list(filterOf(q), q.limit, q.offset, q.countUpTo);
    return { ...found, page: q.page, limit: q.limit };
  }

  /** The number of events GET /audit-events would list with this filter. */
  count(f: AuditFilter): Promise<number> {
    return this.events.count(f);
  }
}

/** A bare date is the whole America/Chicago calendar day; a timestamp is that instant. */
function filterOf(q: AuditQuery): AuditFilter {
  const f: AuditFilter = {
    actorId: q.actorId || undefined,
    entityType: q.entityType || undefined,
    entityId: q.entityId || undefined,
    action: q.action || undefined,
    outcome: q.outcome || undefined,
    changesOnly: q.changesOnly === 'true',
  };
  if (q.from) f.atOrAfter = isCalendarDate(q.from) ? chicagoMidnight(q.from) : q.from;
  if (q.to) {
    if (isCalendarDate(q.to)) f.before = chicagoMidnight(addDays(q.to, 1));
    else f.atOrBefore = q.to;
  }
  return f;
}

/** PostgreSQL does the zone arithmetic. */
const chicagoMidnight = (date: string): string => `${date} 00:00:00 America/Chicago`;
