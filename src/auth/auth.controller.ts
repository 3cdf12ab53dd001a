import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AnyRole, Audited, CurrentUser, NoRequestTransaction, Public } from '../common/decorators';
import { AuthenticatedStaff } from '../common/request-context';
import { MeDto } from '../staff/staff.dto';
import { StaffEntity } from '../staff/staff.entity';
import { StaffService } from '../staff/staff.service';
import { LoginDto, RefreshDto, TokenPairDto } from './auth.dto';
import { AuthService } from './auth.service';
import { LocalAuthGuard } from './local.strategy';

@ApiTags('auth')
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
  @ApiOkResponse({ type: TokenPairDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED — wrong email or password' })
  @ApiResponse({
    status: 423,
    description: 'ACCOUNT_LOCKED — five consecutive failures lock for 15 minutes',
  })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED' })
  login(@Req() req: { user: StaffEntity }): Promise<TokenPairDto> {
    return this.auth.issueTokens(req.user);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @NoRequestTransaction()
  @Audited('auth.refresh', 'refresh_token')
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair; the old one dies' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiUnauthorizedResponse({
    description: 'UNAUTHENTICATED — invalid, expired or reused token (reuse revokes the chain)',
  })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED' })
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @AnyRole()
  @HttpCode(204)
  @Audited('auth.logout', 'refresh_token')
  @ApiOperation({ summary: 'End the session of a refresh token' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  async logout(@CurrentUser() user: AuthenticatedStaff, @Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(user.id, body.refreshToken);
  }

  @Get('me')
  @AnyRole()
  @ApiOperation({ summary: 'The logged-in staff member' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthenticatedStaff): Promise<MeDto> {
    return this.staff.me(user.id);
  }
}
