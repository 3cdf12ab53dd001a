import { Injectable } from '@nestjs/common';
import { addDays, isCalendarDate } from '../common/dates';
import { validationFailed } from '../common/domain-error';
import { Page, pageOf } from '../common/pagination';
import { DisclosureDto, DisclosureQuery } from './disclosure.dto';
import { DisclosureFilter, DisclosuresRepository } from './disclosures.repository';

/** Reads the disclosures for GET /disclosures (the AUDITOR's account of closed records opened). */
@Injectable()
export class DisclosuresService {
  constructor(private readonly disclosures: DisclosuresRepository) {}

  async list(q: DisclosureQuery): Promise<Page<DisclosureDto>> {
    if (q.from && q.to && isCalendarDate(q.from) && isCalendarDate(q.to) && q.to < q.from)
      throw validationFailed('to', 'must not be before from');
    const [items, total] = await this.disclosures.list(filterOf(q), q.limit, q.offset);
    return pageOf(items, total, q);
  }
}

/** A bare date is the whole America/Chicago calendar day; a timestamp is that instant. */
function filterOf(q: DisclosureQuery): DisclosureFilter {
  const f: DisclosureFilter = {
    participantId: q.participantId?.toLowerCase(),
    actorId: q.actorId?.toLowerCase(),
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
