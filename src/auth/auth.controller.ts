import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AnyRole, Audited, CurrentUser, NoRequestTransaction, Public } from '../common/decorators';
import { AuthenticatedStaff } from '../common/request-context';
import { MeDto } from '../staff/staff.dto';
import type { Staff } from '../staff/staff.repository';
import { StaffService } from '../staff/staff.service';
import { AccessTokenDto, LoginDto, RefreshDto, TokenPairDto } from './auth.dto';
import { AuthService } from './auth.service';
import { LocalAuthGuard } from './local.strategy';
import {
  assertSameOrigin,
  clearedRefreshCookie,
  CONSOLE_IDLE_MINUTES,
  presentedRefreshToken,
  REFRESH_COOKIE,
  REFRESH_COOKIE_PATH,
  refreshCookie,
  SESSION_TRANSPORT_HEADER,
  wantsCookie,
} from './session-cookie';

const transportHeader = ApiHeader({
  name: SESSION_TRANSPORT_HEADER,
  required: false,
  enum: ['cookie'],
  description:
    `\`cookie\`: the refresh token travels in the \`${REFRESH_COOKIE}\` cookie (HttpOnly, ` +
    `SameSite=Strict, Path=${REFRESH_COOKIE_PATH}, Secure over HTTPS) instead of the JSON body. ` +
    'Refresh and logout then read the cookie, and refuse (403 FORBIDDEN) a request whose ' +
    '`Origin` is another site or that is marked `Sec-Fetch-Site: cross-site`.',
});

const tokensResponse = ApiOkResponse({
  description:
    `Without ${SESSION_TRANSPORT_HEADER}: TokenPairDto. With \`${SESSION_TRANSPORT_HEADER}: ` +
    `cookie\`: AccessTokenDto, and the refresh token is set as the \`${REFRESH_COOKIE}\` cookie.`,
  schema: {
    oneOf: [{ $ref: getSchemaPath(TokenPairDto) }, { $ref: getSchemaPath(AccessTokenDto) }],
  },
  headers: {
    'Set-Cookie': {
      description: `cookie mode only: \`${REFRESH_COOKIE}=…; Max-Age=…; Path=${REFRESH_COOKIE_PATH}; HttpOnly; SameSite=Strict[; Secure]\``,
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
  @UseGuards(ThrottlerGuard, LocalAuthGuard)
  @ApiOperation({ summary: 'Log in with email and password' })
  @ApiBody({ type: LoginDto })
  @transportHeader
  @tokensResponse
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED — wrong email or password' })
  @ApiResponse({
    status: 423,
    description: 'ACCOUNT_LOCKED — five consecutive failures lock for 15 minutes',
  })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED' })
  async login(
    @Req() req: Request & { user: Staff },
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenPairDto | AccessTokenDto> {
    return this.answer(req, res, await this.auth.issueTokens(req.user));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @NoRequestTransaction()
  @Audited('auth.refresh', 'refresh_token')
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair; the old one dies' })
  @ApiBody({ type: RefreshDto, required: false })
  @transportHeader
  @tokensResponse
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (no refreshToken in JSON mode)' })
  @ApiUnauthorizedResponse({
    description:
      'UNAUTHENTICATED — invalid, expired or reused token (reuse revokes the chain); no cookie in cookie mode; a cookie sent without the header',
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN — cookie mode from another origin' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED' })
  async refresh(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() body: RefreshDto,
  ): Promise<TokenPairDto | AccessTokenDto> {
    const cookieMode = wantsCookie(req);
    if (cookieMode) assertSameOrigin(req);
    const presented = presentedRefreshToken(req, body, cookieMode);
    return this.answer(
      req,
      res,
      await this.auth.refresh(presented ?? '', cookieMode ? CONSOLE_IDLE_MINUTES : undefined),
    );
  }

  @Post('logout')
  @AnyRole()
  @HttpCode(204)
  @Audited('auth.logout', 'refresh_token')
  @ApiOperation({ summary: 'End the session of a refresh token' })
  @ApiBody({ type: RefreshDto, required: false })
  @transportHeader
  @ApiNoContentResponse({
    description: `cookie mode: the \`${REFRESH_COOKIE}\` cookie is cleared (Max-Age=0)`,
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (no refreshToken in JSON mode)' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN — cookie mode from another origin' })
  async logout(
    @CurrentUser() user: AuthenticatedStaff,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() body: RefreshDto,
  ): Promise<void> {
    const cookieMode = wantsCookie(req);
    if (cookieMode) assertSameOrigin(req);
    await this.auth.logout(user.id, presentedRefreshToken(req, body, cookieMode));
    if (cookieMode) res.setHeader('Set-Cookie', clearedRefreshCookie(req));
  }

  @Post('logout-all')
  @AnyRole()
  @HttpCode(204)
  @Audited('auth.logout_all', 'staff')
  @ApiOperation({
    summary: 'End every sign-in of the caller on every device (all refresh and access tokens)',
  })
  @transportHeader
  @ApiNoContentResponse({
    description: `cookie mode: the \`${REFRESH_COOKIE}\` cookie is cleared (Max-Age=0)`,
  })
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
  @ApiOperation({ summary: 'The logged-in staff member' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthenticatedStaff): Promise<MeDto> {
    return this.staff.me(user.id);
  }
}
