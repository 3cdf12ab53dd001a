import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { AuditService } from '../audit/audit.service';
import { DomainError, FieldError } from '../common/domain-error';
import { RequestStore } from '../common/request-context';
import { TransactionHost } from '../common/transactions';
import {
  ACCESS_REASON_HEADER,
  ACCESS_REASONS,
  AccessReason,
  accessReasonOf,
} from './access-reason';
import { DisclosedEntity } from './disclosure.dto';
import { DisclosuresRepository } from './disclosures.repository';

/** One record a route reads: what it is and its id. */
export interface RecordTarget {
  entityType: DisclosedEntity;
  entityId: string;
}

/** A closed record a list shows: whose, and which row. */
export interface ShownRecord extends RecordTarget {
  participantId: string;
}

/** The roles that may open a closed record, stating why (PRODUCT.md "After the class"). */
export const RECORD_OPENERS: readonly string[] = ['SUPERVISOR', 'AUDITOR'];

/** The audit action of a refused opening (a read: `changesOnly` leaves it out). */
export const REFUSED_OPENING_ACTION = 'closed_record.view';

/** How the audit trail names each kind of record (its entity types are lower case). */
const AUDIT_ENTITY: Record<DisclosedEntity, string> = {
  PARTICIPANT: 'participant',
  REFERRAL: 'referral',
  ENROLLMENT: 'enrollment',
  LEDGER_ENTRY: 'ledger_entry',
};

const REASONS_TEXT = ACCESS_REASONS.join(', ');

/**
 * The one gate of closed records. A read of one record (ClosedRecordInterceptor) or a list that
 * lets closed records in (includeClosed, the follow-up list) comes here: an open record passes
 * untouched; a closed one only for a SUPERVISOR or an AUDITOR who states why in X-Access-Reason,
 * and then the read and its disclosure commit in one transaction. Anyone else gets 403
 * RECORD_CLOSED, whose body shows nothing of the record, and the refusal is audited.
 *
 * Whether a record is closed is read from `participants.record_status` (record-sight.ts) just
 * before the read: a record that closes while it is being read was open when the read began.
 */
@Injectable()
export class RecordAccessService {
  constructor(
    private readonly disclosures: DisclosuresRepository,
    private readonly audit: AuditService,
    private readonly txHost: TransactionHost,
    private readonly cls: ClsService<RequestStore>,
  ) {}

  /**
   * Runs `read` (a route's handler) of the record `target`. `changes`: the request is a change
   * (it runs in the request's transaction, whose failure the error filter audits).
   */
  async read<T>(
    target: RecordTarget,
    givenReason: string | undefined,
    changes: boolean,
    read: () => Promise<T>,
  ): Promise<T> {
    const owner = await this.disclosures.ownerOf(target.entityType, target.entityId);
    // No such record (the handler answers 404) or an open one: nothing to disclose.
    if (!owner?.closed) return read();
    const reason = await this.permit(givenReason, {
      changes,
      entityType: AUDIT_ENTITY[target.entityType],
      entityId: target.entityId,
      participantId: owner.participantId,
    });
    return this.txHost.withTransaction(async () => {
      const result = await read();
      await this.disclose(reason, [{ ...target, participantId: owner.participantId }]);
      return result;
    });
  }

  /**
   * A list asked to show closed records too (`includeClosed=true`): the reason to disclose them
   * with, or 403 RECORD_CLOSED (audited) when the caller may not.
   */
  permitClosedList(givenReason: string | undefined, entityType: DisclosedEntity) {
    return this.permit(givenReason, {
      changes: false,
      entityType: AUDIT_ENTITY[entityType],
      entityId: null,
      participantId: null,
    });
  }

  /** The closed records a response shows, as disclosures by the caller (in the ambient transaction). */
  async disclose(reason: AccessReason, shown: ShownRecord[]): Promise<void> {
    if (shown.length === 0) return;
    const actorId = this.actor()?.id;
    if (!actorId) throw new Error('A closed record was shown to no one signed in.');
    await this.disclosures.insert(
      shown.map((s) => ({
        actorId,
        reason,
        entityType: s.entityType,
        entityId: s.entityId,
        participantId: s.participantId,
      })),
    );
  }

  /** Runs `work` in one transaction (joins the request's when there is one). */
  inTransaction<T>(work: () => Promise<T>): Promise<T> {
    return this.txHost.withTransaction(work);
  }

  private actor() {
    return this.cls.isActive() ? this.cls.get('user') : undefined;
  }

  private async permit(
    givenReason: string | undefined,
    about: {
      changes: boolean;
      entityType: string;
      entityId: string | null;
      participantId: string | null;
    },
  ): Promise<AccessReason> {
    const roles = this.actor()?.roles ?? [];
    const reason = accessReasonOf(givenReason);
    const mayOpen = roles.some((r) => RECORD_OPENERS.includes(r));
    if (mayOpen && reason) return reason;

    let detail: string;
    let errors: FieldError[] | undefined;
    if (!mayOpen) {
      detail = 'This record is closed: only a SUPERVISOR or an AUDITOR may open it, stating why.';
    } else {
      const message = `must be one of ${REASONS_TEXT}`;
      detail =
        givenReason === undefined
          ? `This record is closed: opening it needs the header ${ACCESS_REASON_HEADER} (${REASONS_TEXT}).`
          : `This record is closed: ${ACCESS_REASON_HEADER} ${message}.`;
      errors = [{ field: ACCESS_REASON_HEADER, message }];
    }
    if (about.changes) {
      // The request's transaction rolls back and the error filter writes its FAILURE event.
      this.audit.describe(about.entityType, about.entityId);
    } else {
      await this.audit.recordRefusal({
        action: REFUSED_OPENING_ACTION,
        entityType: about.entityType,
        entityId: about.entityId,
        statusCode: 403,
        errorCode: 'RECORD_CLOSED',
        details: {
          ...(about.participantId ? { participantId: about.participantId } : {}),
          ...(reason ? { reason } : {}),
        },
      });
    }
    throw new DomainError('RECORD_CLOSED', detail, errors);
  }
}
