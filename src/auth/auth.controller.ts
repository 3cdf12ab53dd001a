import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AnyRole, Audited, CurrentUser, NoRequestTransaction, Public } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { AuthenticatedStaff } from '../common/request-context';
import { MeDto } from '../staff/staff.dto';
import type { Staff } from '../staff/staff.repository';
import { StaffService } from '../staff/staff.service';
import { AccessTokenDto, LoginDto, RefreshDto, TokenPairDto } from './auth.dto';
import { AuthService, REFRESH_REPLAY_SECONDS } from './auth.service';
import { LocalAuthGuard } from './local.strategy';
import { SignedInUnlessCookieGuard } from './jwt.strategy';
import {
  assertSameOrigin,
  clearedRefreshCookie,
  presentedRefreshToken,
  REFRESH_COOKIE,
  REFRESH_COOKIE_PATH,
  refreshCookie,
  refreshCookiesOf,
  SECURE_REFRESH_COOKIE,
  SESSION_TRANSPORT_HEADER,
  wantsCookie,
} from './session-cookie';

const transportHeader = ApiHeader({
  name: SESSION_TRANSPORT_HEADER,
  required: false,
  enum: ['cookie'],
  description:
    `\`cookie\`: the refresh token travels in a cookie instead of the JSON body: over HTTPS ` +
    `\`${SECURE_REFRESH_COOKIE}\` (HttpOnly, SameSite=Strict, Secure, Path=/), over plain HTTP ` +
    `\`${REFRESH_COOKIE}\` (HttpOnly, SameSite=Strict, Path=${REFRESH_COOKIE_PATH}). ` +
    'Refresh and logout then read the cookie, and refuse (403 FORBIDDEN) a request whose ' +
    '`Origin` is another site or that is marked `Sec-Fetch-Site: cross-site`; a refresh ' +
    'carrying two refresh cookies answers 401.',
});

const tokensResponse = ApiOkResponse({
  description:
    `Without ${SESSION_TRANSPORT_HEADER}: TokenPairDto. With \`${SESSION_TRANSPORT_HEADER}: ` +
    `cookie\`: AccessTokenDto, and the refresh token is set as the \`${REFRESH_COOKIE}\` cookie.`,
  // anyOf: a token pair is also an access token (its extra field is allowed), so oneOf would fail both.
  schema: {
    anyOf: [{ $ref: getSchemaPath(TokenPairDto) }, { $ref: getSchemaPath(AccessTokenDto) }],
  },
  headers: {
    'Set-Cookie': {
      description: `cookie mode only: \`${SECURE_REFRESH_COOKIE}=…; Path=/; HttpOnly; SameSite=Strict; Secure\` over HTTPS, \`${REFRESH_COOKIE}=…; Path=${REFRESH_COOKIE_PATH}; HttpOnly; SameSite=Strict\` over HTTP`,
      schema: { type: 'string' },
    },
  },
});

@ApiTags('auth')
@ApiExtraModels(TokenPairDto, AccessTokenDto)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly staff: StaffService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @NoRequestTransaction()
  @Audited('auth.login', 'staff')
  @UseGuards(LocalAuthGuard)
  @Endpoint({
    summary: 'Log in with email and password',
    body: { type: LoginDto },
    refuses: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'ACCOUNT_LOCKED', 'RATE_LIMITED'],
    notes: {
      UNAUTHENTICATED: 'wrong email or password',
      ACCOUNT_LOCKED: 'five consecutive failures lock for 15 minutes',
      RATE_LIMITED:
        'too many failed sign-ins from this address (LOGIN_THROTTLE_LIMIT per LOGIN_THROTTLE_TTL_SECONDS, all instances); Retry-After says when to try again',
    },
  })
  @transportHeader
  @tokensResponse
  async login(
    @Req() req: Request & { user: Staff },
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenPairDto | AccessTokenDto> {
    const issuedTo = wantsCookie(req) ? 'CONSOLE' : 'API';
    return this.answer(req, res, await this.auth.issueTokens(req.user, issuedTo));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @NoRequestTransaction()
  @Audited('auth.refresh', 'refresh_token')
  @Endpoint({
    summary:
      'Exchange a refresh token for a new pair; the old one dies. Not counted against the sign-in limit',
    description:
      `The token just replaced, presented again within ${REFRESH_REPLAY_SECONDS} seconds while its ` +
      'successor is unused (an answer lost on the way), gets the same new pair once; any other ' +
      'use of a replaced token revokes the whole sign-in. A token issued to the console ' +
      '(`X-Session-Transport: cookie` at sign-in) ends after CONSOLE_IDLE_MINUTES unused, however ' +
      'it is presented.',
    body: { type: RefreshDto, required: false },
    refuses: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'],
    notes: {
      VALIDATION_FAILED: 'no refreshToken in JSON mode',
      UNAUTHENTICATED:
        'invalid, expired or reused token (reuse revokes the chain); no cookie, or two, in cookie mode; a cookie sent without the header',
      FORBIDDEN: 'cookie mode from another origin',
    },
  })
  @transportHeader
  @tokensResponse
  async refresh(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() body: RefreshDto,
  ): Promise<TokenPairDto | AccessTokenDto> {
    const cookieMode = wantsCookie(req);
    if (cookieMode) assertSameOrigin(req);
    const presented = presentedRefreshToken(req, body, cookieMode);
    return this.answer(req, res, await this.auth.refresh(presented ?? '', { cookieMode }));
  }

  @Post('logout')
  @Public()
  @UseGuards(SignedInUnlessCookieGuard)
  @HttpCode(204)
  @Audited('auth.logout', 'refresh_token')
  @Endpoint({
    summary: 'End the sign-in of a refresh token (its whole token family and its access tokens)',
    description:
      'With `X-Session-Transport: cookie` the cookie is the credential: no access token is ' +
      'needed (it has usually expired when the console signs out for idleness), the same ' +
      'Origin / Sec-Fetch-Site checks as refresh apply, and the answer is always 204 with the ' +
      'cookie cleared, also when the cookie is unknown or missing. Without the header: a ' +
      'signed-in caller ends one of their own sign-ins, `{refreshToken}` in the body.',
    body: { type: RefreshDto, required: false },
    noContent: 'cookie mode: the refresh cookie is cleared (Max-Age=0)',
    refuses: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'],
    notes: {
      VALIDATION_FAILED: 'no refreshToken in JSON mode',
      UNAUTHENTICATED: 'JSON mode without a valid access token',
      FORBIDDEN: 'cookie mode from another origin',
    },
  })
  @ApiBearerAuth()
  @transportHeader
  async logout(
    @Req() req: Request & { user?: AuthenticatedStaff },
    @Res({ passthrough: true }) res: Response,
    @Body() body: RefreshDto,
  ): Promise<void> {
    if (!wantsCookie(req)) {
      const presented = presentedRefreshToken(req, body, false);
      await this.auth.logout(presented === undefined ? [] : [presented], req.user!.id);
      return;
    }
    assertSameOrigin(req);
    // Whatever happens now, the browser forgets the cookie.
    res.setHeader('Set-Cookie', clearedRefreshCookie(req));
    await this.auth.logout(refreshCookiesOf(req), undefined);
  }

  @Post('logout-all')
  @AnyRole()
  @HttpCode(204)
  @Audited('auth.logout_all', 'staff')
  @Endpoint({
    summary: 'End every sign-in of the caller on every device (all refresh and access tokens)',
    noContent: 'cookie mode: the refresh cookie is cleared (Max-Age=0)',
  })
  @transportHeader
  async logoutAll(
    @CurrentUser() user: AuthenticatedStaff,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.auth.logoutAll(user.id);
    if (wantsCookie(req)) res.setHeader('Set-Cookie', clearedRefreshCookie(req));
  }

  /** Cookie mode moves the refresh token from the body into the cookie. */
  private answer(req: Request, res: Response, pair: TokenPairDto): TokenPairDto | AccessTokenDto {
    if (!wantsCookie(req)) return pair;
    res.setHeader('Set-Cookie', refreshCookie(req, pair.refreshToken));
    res.setHeader('Cache-Control', 'no-store');
    return { accessToken: pair.accessToken, expiresIn: pair.expiresIn, user: pair.user };
  }

  @Get('me')
  @AnyRole()
  @Endpoint({ summary: 'The logged-in staff member', ok: MeDto })
  me(@CurrentUser() user: AuthenticatedStaff): Promise<MeDto> {
    return this.staff.me(user.id);
  }
}
