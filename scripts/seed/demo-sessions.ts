import { localTs, weekdayOf } from './demo-calendar';
import * as names from './demo-names';
import { PROGRAM_SETUP, Session, World } from './demo-world';

/**
 * The year's class sessions: enough weekly slots per program for its expected enrollments,
 * parallel rooms as the program grows, a few cancelled; into `w.sessionsByProgram`.
 */
export function planSessions(w: World): void {
  const {
    rng,
    opts,
    programs,
    yearStart,
    asOfDay,
    facilitators,
    supervisors,
    sessionsRows,
    sessionsByProgram,
    event,
  } = w;
  // Sessions: enough weekly slots per program for its expected enrollments.
  for (const p of programs) {
    const setup = PROGRAM_SETUP[p.code];
    const perYear = opts.participants * 0.86 * setup.share;
    const perWeek = Math.max(
      1,
      Math.ceil(((perYear / 52) * p.requiredSessions * 1.4) / setup.capacity),
    );
    const list: Session[] = [];
    for (let day = yearStart; day < asOfDay + 28; day++) {
      const wd = weekdayOf(day);
      for (let k = 0; k < perWeek; k++) {
        const [slotDay, slotMinute] = setup.slots[k % setup.slots.length];
        if (slotDay !== wd) continue;
        // Beyond the weekly slots, parallel classes in further rooms.
        const room = Math.floor(k / setup.slots.length);
        list.push({
          id: rng.uuid(),
          program: p,
          day,
          startMinute: slotMinute,
          room,
          minutes: setup.minutes,
          capacity: setup.capacity,
          seats: 0,
          cancelled: rng.chance(0.02),
          facilitatorId: rng.pick(facilitators),
        });
      }
    }
    list.sort((a, b) => a.day - b.day || a.startMinute - b.startMinute);
    sessionsByProgram.set(p.code, list);
    for (const s of list) {
      const createdDay = Math.max(yearStart - 20, s.day - 35);
      const creator = rng.pick(supervisors);
      const cancelledDay = s.day - rng.int(1, 3);
      const cancelled = s.cancelled && cancelledDay < asOfDay;
      s.cancelled = cancelled;
      sessionsRows.push([
        s.id,
        p.id,
        p.code,
        localTs(s.day, s.startMinute),
        localTs(s.day, s.startMinute + s.minutes),
        s.room === 0 ? setup.location : `${setup.location} (room ${s.room + 1})`,
        s.capacity,
        0,
        s.facilitatorId,
        rng.pick(names.TOPICS[p.code]),
        cancelled ? localTs(cancelledDay, 600) : null,
        cancelled ? creator : null,
        cancelled
          ? rng.pick(['Facilitator ill', 'Building closed (weather)', 'Room unavailable'])
          : null,
        localTs(createdDay, 600),
        creator,
      ]);
      event(createdDay, 600, creator, 'session.create', 'class_session', s.id);
      if (cancelled)
        event(cancelledDay, 600, creator, 'session.cancel', 'class_session', s.id, 200);
    }
  }
}
