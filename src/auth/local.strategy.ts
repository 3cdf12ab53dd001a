import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Strategy } from 'passport-local';
import { DomainError } from '../common/domain-error';
import type { Staff } from '../staff/staff.repository';
import { LoginDto } from './auth.dto';
import { AuthService } from './auth.service';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password' });
  }

  validate(email: string, password: string): Promise<Staff> {
    return this.auth.validateLogin(email.trim().toLowerCase(), password);
  }
}

/** Validates the body like any other route (400 naming the field) before passport-local runs. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ body: unknown }>();
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new DomainError('VALIDATION_FAILED', 'Invalid request body.', [
        { field: 'body', message: 'must be a JSON object' },
      ]);
    }
    const dto = plainToInstance(LoginDto, body);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      const list = errors.flatMap((e) =>
        Object.values(e.constraints ?? {}).map((message) => ({ field: e.property, message })),
      );
      throw new DomainError(
        'VALIDATION_FAILED',
        `Invalid request: ${[...new Set(list.map((e) => e.field))].join(', ')}.`,
        list,
      );
    }
    return (await super.canActivate(ctx)) as boolean;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err;
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Wrong email or password.');
    return user;
  }
}
