import { Injectable } from '@nestjs/common';
import { AuditService, changesOf } from '../audit/audit.service';
import { DomainError, notFound, validationFailed } from '../common/domain-error';
import { Page, PageQuery, pageOf } from '../common/pagination';
import { passwordProblem } from '../common/password-policy';
import { hashPassword, verifyPassword } from '../common/passwords';
import { isUniqueViolation } from '../common/pg-errors';
import { AuthenticatedStaff } from '../common/request-context';
import {
  ChangePasswordDto,
  CreateStaffDto,
  MeDto,
  StaffDirectoryEntryDto,
  StaffDto,
  UpdateStaffDto,
} from './staff.dto';
import { StaffRepository } from './staff.repository';
import { SessionEnding } from './session-ending';
import { accountLocked, SignInAttempts } from './sign-in-attempts';

@Injectable()
export class StaffService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly sessions: SessionEnding,
    private readonly audit: AuditService,
    private readonly attempts: SignInAttempts,
  ) {}

  async create(dto: CreateStaffDto): Promise<StaffDto> {
    assertPasswordAllowed(dto.password, dto.email);
    const passwordHash = await hashPassword(dto.password);
    try {
      const s = await this.staff.insert({
        email: dto.email,
        displayName: dto.displayName,
        roles: dto.roles,
        passwordHash,
      });
      return StaffDto.of(s);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new DomainError(
          'DUPLICATE_EMAIL',
          `A staff member with email ${dto.email} already exists.`,
          [{ field: 'email', message: 'is already in use' }],
        );
      }
      throw err;
    }
  }

  async list(q: PageQuery): Promise<Page<StaffDto>> {
    const [items, total] = await this.staff.list(q.limit, q.offset);
    return pageOf(items.map(StaffDto.of), total, q);
  }

  directory(): Promise<StaffDirectoryEntryDto[]> {
    return this.staff.directory();
  }

  async get(id: string): Promise<StaffDto> {
    const s = await this.staff.findById(id);
    if (!s) throw notFound('Staff member', id);
    return StaffDto.of(s);
  }

  async me(id: string): Promise<MeDto> {
    const s = await this.staff.findById(id);
    if (!s) throw notFound('Staff member', id);
    return {
      id: s.id,
      email: s.email,
      displayName: s.displayName,
      roles: s.roles,
      active: s.active,
    };
  }

  async update(actor: AuthenticatedStaff, id: string, dto: UpdateStaffDto): Promise<StaffDto> {
    const s = await this.staff.lockById(id);
    if (!s) throw notFound('Staff member', id);
    const losesAdmin =
      s.active &&
      s.roles.includes('ADMIN') &&
      (dto.active === false || (dto.roles !== undefined && !dto.roles.includes('ADMIN')));
    if (losesAdmin) await this.staff.lockAdminChanges();
    if (losesAdmin && (await this.staff.countOtherActiveAdmins(id)) === 0) {
      throw new DomainError(
        'LAST_ADMIN',
        'The last active ADMIN cannot be deactivated or lose the ADMIN role.',
        [
          {
            field: dto.active === false ? 'active' : 'roles',
            message: 'would leave no active ADMIN',
          },
        ],
      );
    }
    // Segregation of duties: roles for one's own account come from another ADMIN (checked after
    // the last-ADMIN rule, the more basic refusal).
    const added = (dto.roles ?? []).filter((r) => !s.roles.includes(r));
    if (actor.id === id && added.length > 0) {
      throw new DomainError(
        'FORBIDDEN',
        `An ADMIN may only remove roles from their own account; ${added.join(', ')} must be given by another ADMIN.`,
        [{ field: 'roles', message: 'cannot add roles to your own account' }],
      );
    }
    const deactivating = dto.active === false && s.active;
    const changes = changesOf(
      { roles: [...s.roles].sort(), active: s.active },
      { roles: dto.roles && [...new Set(dto.roles)].sort(), active: dto.active },
    );
    if (Object.keys(changes).length) this.audit.detail(changes);
    await this.staff.update(id, dto, deactivating);
    if (deactivating) await this.sessions.endAll(id, 'DEACTIVATED');
    return this.get(id);
  }

  /**
   * An ADMIN may set anyone else's password; everyone, an ADMIN included, proves the current
   * one to change their own (a stolen ADMIN session must not be able to take the account over).
   */
  async changePassword(
    actor: AuthenticatedStaff,
    id: string,
    dto: ChangePasswordDto,
  ): Promise<void> {
    const isAdmin = actor.roles.includes('ADMIN');
    const self = actor.id === id;
    if (!isAdmin && !self)
      throw new DomainError(
        'FORBIDDEN',
        'Only an ADMIN may change another staff member’s password.',
      );
    const current = await this.staff.credentialsOf(id);
    if (current === undefined) throw notFound('Staff member', id);
    if (self) {
      if (!dto.currentPassword) {
        throw new DomainError('VALIDATION_FAILED', 'Give your current password.', [
          { field: 'currentPassword', message: 'is required to change your own password' },
        ]);
      }
      // The current password is a sign-in: the same address limit, lockout and counts, so a
      // stolen access token cannot try passwords here.
      await this.attempts.assertAddressAllowed();
      if (current.lockedUntil && current.lockedUntil > new Date()) {
        throw accountLocked(current.lockedUntil);
      }
      if (!(await verifyPassword(current.passwordHash, dto.currentPassword))) {
        const locked = await this.attempts.failed({ staffId: id });
        if (locked) throw accountLocked(locked);
        throw new DomainError('VALIDATION_FAILED', 'The current password is wrong.', [
          { field: 'currentPassword', message: 'does not match the current password' },
        ]);
      }
    }
    assertPasswordAllowed(dto.password, current.email);
    this.audit.describe('staff', id);
    await this.staff.setPassword(id, await hashPassword(dto.password));
    await this.sessions.endAll(id, 'PASSWORD_CHANGED');
  }

  /** Releases a login lockout at once (an ADMIN who knows the person is at the door). */
  async unlock(id: string): Promise<StaffDto> {
    if (!(await this.staff.unlock(id))) throw notFound('Staff member', id);
    return this.get(id);
  }

  /**
   * The first ADMIN, only while the database has no staff at all: BOOTSTRAP_ADMIN_* at start-up
   * and `npm run cli -- create-admin` both come here. Inside a transaction the staff table is
   * locked first, so two callers cannot both find it empty. Null when staff exist already.
   */
  async bootstrapAdmin(
    email: string,
    password: string,
    displayName = 'Administrator',
  ): Promise<StaffDto | null> {
    await this.staff.lockAgainstAnotherFirstAdmin();
    if ((await this.staff.countAll()) > 0) return null;
    return this.create(
      Object.assign(new CreateStaffDto(), {
        email: email.trim().toLowerCase(),
        displayName,
        roles: ['ADMIN'],
        password,
      }),
    );
  }
}

/** 400 naming `password` when the new password breaks the policy (common/password-policy.ts). */
function assertPasswordAllowed(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw validationFailed('password', problem);
}
