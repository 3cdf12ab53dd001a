import { dateOf, localTs } from './demo-calendar';
import { ledgerWriters } from './demo-money';
import * as names from './demo-names';
import { ATTENDED, Method, Plan, Program, World } from './demo-world';

export interface EnrollmentOutcome {
  status: string;
  certificate: string | null;
  closedDay: number | null;
  closedReason: string | null;
}

/**
 * One enrollment's life: seats and attendance, fee, payments, waivers, refunds and bounced
 * checks, and how it ends (completion with its certificate, termination, withdrawal, or still
 * active at the end of the year).
 */
export function enrollmentSimulator(w: World) {
  const {
    rng,
    asOfDay,
    intake,
    finance,
    supervisors,
    transitions,
    seats,
    attendance,
    revisions,
    waiverRows,
    waiverApprovals,
    entries,
    sessionsByProgram,
    event,
  } = w;
  const { entry, payment } = ledgerWriters(w);

  function simulateEnrollment(
    enrollmentId: string,
    program: Program,
    enrolledDay: number,
    clerk: string,
  ): {
    status: string;
    certificate: string | null;
    closedDay: number | null;
    closedReason: string | null;
  } {
    const plan = rng.weighted<Plan>({ COMPLETE: 76, STALLED: 8, TERMINATE: 11, WITHDRAW: 5 });
    const deadlineDay = enrolledDay + program.windowDays;
    const required = program.requiredSessions;
    event(enrolledDay, 545, clerk, 'enrollment.create', 'enrollment', enrollmentId);
    const fee = program.feeCents;
    entries.push(entry(enrollmentId, 'FEE', fee, fee, enrolledDay, 540, clerk));

    // Seats and attendance.
    const target =
      plan === 'COMPLETE'
        ? required
        : plan === 'STALLED'
          ? rng.int(1, Math.max(1, required - 1))
          : plan === 'TERMINATE'
            ? rng.int(0, required - 1)
            : rng.int(0, 1);
    const list = sessionsByProgram.get(program.code)!;
    let attended = 0;
    let absencesAfterTarget = 0;
    let lastSeatDay = enrolledDay;
    let nextAllowed = enrolledDay + 2;
    let futureSeats = 0;
    // The first session after enrolling, by binary search (the list is in start order).
    let lo = 0;
    for (let hi = list.length; lo < hi;) {
      const mid = (lo + hi) >> 1;
      if (list[mid].day < nextAllowed) lo = mid + 1;
      else hi = mid;
    }
    for (const s of list.slice(lo)) {
      if (s.day < nextAllowed || s.cancelled || s.seats >= s.capacity) continue;
      if (s.day > deadlineDay) break;
      const future = s.day >= asOfDay;
      if (attended >= target && (plan !== 'TERMINATE' || absencesAfterTarget >= 2)) break;
      if (future && (plan === 'TERMINATE' || plan === 'WITHDRAW' || futureSeats >= 1)) break;
      s.seats++;
      const seatDay = Math.max(enrolledDay, s.day - rng.int(1, 10));
      const seater = rng.pick(intake);
      seats.push([s.id, enrollmentId, localTs(seatDay, rng.int(600, 1000)), seater]);
      event(seatDay, 600, seater, 'session.seat', 'class_session', s.id);
      lastSeatDay = s.day;
      nextAllowed = s.day + rng.int(5, 12);
      if (future) {
        futureSeats++;
        continue;
      }
      let status: string =
        plan === 'TERMINATE' && attended >= target
          ? 'ABSENT'
          : rng.weighted({ PRESENT: 82, LATE: 7, LEFT_EARLY: 4, ABSENT: 5, EXCUSED: 2 });
      if (plan === 'TERMINATE' && attended >= target) absencesAfterTarget++;
      const recordedMinute = s.startMinute + s.minutes + rng.int(0, 45);
      const recordedAt = localTs(s.day, recordedMinute);
      revisions.push([s.id, enrollmentId, null, null, status, null, recordedAt, s.facilitatorId]);
      let note: string | null = null;
      if (status === 'ABSENT' && rng.chance(0.3) && s.day + 1 < asOfDay) {
        // Corrected the next day: a doctor's note turns the absence into an excused one.
        note = "Doctor's note provided";
        revisions.push([
          s.id,
          enrollmentId,
          status,
          null,
          'EXCUSED',
          note,
          localTs(s.day + 1, 600),
          s.facilitatorId,
        ]);
        status = 'EXCUSED';
      }
      attendance.push([s.id, enrollmentId, status, note, recordedAt, s.facilitatorId]);
      if (ATTENDED.has(status)) attended++;
    }

    // Closing day for the plans that end early (after the last seat).
    let closeDay: number | null = null;
    let closedReason: string | null = null;
    if (plan === 'TERMINATE') {
      closedReason = rng.weighted({
        NON_COMPLIANCE: 50,
        DEADLINE_MISSED: 25,
        NEW_OFFENSE: 15,
        OTHER: 10,
      });
      closeDay =
        closedReason === 'DEADLINE_MISSED'
          ? Math.max(deadlineDay, lastSeatDay) + rng.int(1, 14)
          : lastSeatDay + rng.int(7, 30);
    } else if (plan === 'WITHDRAW') {
      closedReason = rng.pick([
        'Moved out of state',
        'Chose to return to court',
        'Retained counsel; case refiled',
      ]);
      closeDay = Math.max(enrolledDay + rng.int(5, 40), lastSeatDay + 1);
    }
    if (closeDay !== null && closeDay >= asOfDay) {
      closeDay = null;
      closedReason = null;
    }
    const lastDay = (closeDay ?? asOfDay) - 1;

    // Waiver: requested and approved early, so it never exceeds the balance at approval.
    let waived = 0;
    let lastMoneyDay = enrolledDay;
    if ((plan === 'COMPLETE' || plan === 'STALLED') && rng.chance(0.1)) {
      const amount = Math.round((fee * rng.pick([0.25, 0.5, 0.75, 1])) / 100) * 100;
      const requestDay = enrolledDay + rng.int(1, 14);
      const approveDay = requestDay + rng.int(1, 5);
      if (requestDay <= lastDay) {
        const requestId = rng.uuid();
        const requester = rng.pick([...finance, clerk]);
        const note = rng.pick(names.WAIVER_NOTES);
        const approver = rng.pick(supervisors.filter((s) => s !== requester));
        const decided = approveDay <= lastDay;
        waiverRows.push([
          requestId,
          enrollmentId,
          amount,
          'ABILITY_TO_PAY',
          note,
          'PENDING',
          requester,
          localTs(requestDay, 660),
        ]);
        event(requestDay, 660, requester, 'waiver.request', 'waiver_request', requestId);
        if (decided) {
          const e = entry(enrollmentId, 'WAIVER', amount, -amount, approveDay, 700, approver);
          e.reason = 'ABILITY_TO_PAY';
          e.note = note;
          e.waiverRequestId = requestId;
          entries.push(e);
          waiverApprovals.push([
            requestId,
            approver,
            localTs(approveDay, 700),
            'Income documentation reviewed',
            e.id,
          ]);
          event(approveDay, 700, approver, 'waiver.approve', 'waiver_request', requestId, 200);
          waived = amount;
          lastMoneyDay = Math.max(lastMoneyDay, approveDay);
        }
      }
    } else if (rng.chance(0.02) && enrolledDay + 3 <= lastDay) {
      // A request a supervisor turned down.
      const requestId = rng.uuid();
      const requester = rng.pick(finance);
      const decider = rng.pick(supervisors);
      const day = enrolledDay + 3;
      waiverRows.push([
        requestId,
        enrollmentId,
        Math.round(fee / 2),
        'OTHER',
        'Participant asked for a reduction',
        'REJECTED',
        requester,
        localTs(day, 660),
        decider,
        localTs(day, 720),
        'No hardship documented',
      ]);
      event(day, 660, requester, 'waiver.request', 'waiver_request', requestId);
      event(day, 720, decider, 'waiver.reject', 'waiver_request', requestId, 200);
    }

    // Installments over the time the participant attends.
    const toPay = fee - waived;
    let received = 0;
    let balance = fee - waived;
    if (toPay > 0) {
      let n = rng.pick([1, 1, 2, 2, 3, 4]);
      const unit = Math.floor(toPay / n / 500) * 500;
      if (unit === 0) n = 1;
      const span = Math.max(14, lastSeatDay - enrolledDay);
      const stop = plan === 'STALLED' ? Math.ceil(n / 2) : n;
      let paid = 0;
      for (let k = 0; k < stop; k++) {
        const amount = k === n - 1 ? toPay - paid : unit;
        const day = enrolledDay + Math.floor((k * span) / n) + rng.int(0, 3);
        if (day > lastDay) break;
        const method = rng.weighted<Method>({ CASH: 25, CHECK: 20, MONEY_ORDER: 30, CARD: 25 });
        const pay = payment(enrollmentId, amount, method, day, 600 + k * 7);
        entries.push(pay);
        paid += amount;
        received += amount;
        balance -= amount;
        lastMoneyDay = Math.max(lastMoneyDay, day);
        if (method === 'CHECK' && rng.chance(0.12)) {
          // A bounced check: reversed, then paid again by money order.
          const reverseDay = day + rng.int(3, 10);
          if (reverseDay > lastDay) continue;
          const supervisor = rng.pick(supervisors);
          const rev = entry(
            enrollmentId,
            'REVERSAL',
            amount,
            amount,
            reverseDay,
            630 + k,
            supervisor,
          );
          rev.reverses = pay.id;
          rev.reason = 'Check returned unpaid (NSF)';
          rev.remit = -amount;
          entries.push(rev);
          event(reverseDay, 630 + k, supervisor, 'ledger.reversal.record', 'ledger_entry', rev.id);
          received -= amount;
          balance += amount;
          lastMoneyDay = Math.max(lastMoneyDay, reverseDay);
          const againDay = reverseDay + rng.int(1, 7);
          if (againDay > lastDay) continue;
          entries.push(payment(enrollmentId, amount, 'MONEY_ORDER', againDay, 640 + k));
          received += amount;
          balance -= amount;
          lastMoneyDay = Math.max(lastMoneyDay, againDay);
        }
      }
    }

    // Withdrawals get their money back (all of it, or half).
    if (plan === 'WITHDRAW' && closeDay !== null && received > 0) {
      const refundDay = closeDay + rng.int(3, 20);
      if (refundDay < asOfDay) {
        const amount = rng.chance(0.7) ? received : Math.max(100, Math.round(received / 200) * 100);
        const by = rng.pick(finance);
        const e = entry(enrollmentId, 'REFUND', amount, amount, refundDay, 690, by);
        e.method = 'CHECK';
        e.reference = `Check #${rng.int(5000, 9999)}`;
        e.reason = 'Withdrew before completing; fees returned per program policy';
        e.receivedOn = dateOf(refundDay);
        e.remit = -amount;
        entries.push(e);
        event(refundDay, 690, by, 'ledger.refund.record', 'ledger_entry', e.id);
        received -= amount;
        balance += amount;
      }
    }

    if (closeDay !== null) {
      transitions.push([
        enrollmentId,
        'ACTIVE',
        plan === 'TERMINATE' ? 'TERMINATED' : 'WITHDRAWN',
        closedReason,
        null,
        localTs(closeDay, 1000),
        clerk,
      ]);
      event(closeDay, 1000, clerk, 'enrollment.transition', 'enrollment', enrollmentId, 200);
      return {
        status: plan === 'TERMINATE' ? 'TERMINATED' : 'WITHDRAWN',
        certificate: null,
        closedDay: closeDay,
        closedReason,
      };
    }
    if (plan === 'COMPLETE' && attended >= required && balance === 0 && futureSeats === 0) {
      const completeDay = Math.max(lastSeatDay, lastMoneyDay) + rng.int(1, 10);
      if (completeDay < asOfDay) {
        const certificate = `C-${dateOf(completeDay).slice(0, 4)}-${enrollmentId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
        transitions.push([
          enrollmentId,
          'ACTIVE',
          'COMPLETED',
          null,
          'All sessions attended; fee settled',
          localTs(completeDay, 1000),
          clerk,
        ]);
        event(completeDay, 1000, clerk, 'enrollment.transition', 'enrollment', enrollmentId, 200);
        return { status: 'COMPLETED', certificate, closedDay: completeDay, closedReason: null };
      }
    }
    return { status: 'ACTIVE', certificate: null, closedDay: null, closedReason: null };
  }

  return simulateEnrollment;
}
