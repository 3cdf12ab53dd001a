import { isIP } from 'node:net';
import { neutralWordingProblem } from '../reminders/neutral-words';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Matches,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { passwordProblem } from '../common/password-policy';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : /^-?\d+$/.test(String(value))
      ? Number(value)
      : value;
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : value === 'true' || value === '1'
      ? true
      : value === 'false' || value === '0'
        ? false
        : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** `false`, a hop count, or proxy addresses and ranges (Express's `trust proxy` setting). */
export type TrustProxy = false | number | string[];

const TRUST_PROXY_HELP =
  'TRUST_PROXY must be false, the number of proxies in front of the server (e.g. 1), or a comma-separated ' +
  'list of their addresses or CIDR ranges (e.g. 10.0.0.0/8, or loopback / uniquelocal); true would trust ' +
  'any client-supplied X-Forwarded-For';

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** undefined (refused with TRUST_PROXY_HELP) for `true` or anything malformed. */
export function parseTrustProxy(value: unknown): TrustProxy | undefined {
  if (value === undefined || value === '' || value === false) return false;
  const text = String(value).trim();
  if (text === 'false' || text === '0') return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops >= 1 && hops <= 10 ? hops : undefined;
  }
  const list = text.split(',').map((x) => x.trim());
  const valid = list.every((item) => {
    if (PROXY_NAMES.has(item)) return true;
    const [address, bits, extra] = item.split('/');
    const family = isIP(address);
    if (!family || extra !== undefined) return false;
    if (bits === undefined) return true;
    const n = /^\d+$/.test(bits) ? Number(bits) : NaN;
    return n >= 0 && n <= (family === 4 ? 32 : 128);
  });
  return valid && list.length ? list : undefined;
}

/** Every setting the server reads from its environment (README's configuration table). */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  /**
   * The database owner, for migrations only; DATABASE_URL is then the API's own login, which owns
   * nothing. Unset (development only): DATABASE_URL is the owner's and the API merely switches to
   * the restricted role, which SQL could switch back.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MIGRATION_DATABASE_URL?: string;

  /** Address to bind; unset means every interface. 127.0.0.1 keeps it local. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(255)
  HOST?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR: string = '.data';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT: number = 54329;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /**
   * The key of the blind index that lets "first time only" recognise a pseudonymized person
   * (README, Retention): at least 32 characters. After a rotation (`records:rekey`), the keys
   * oldest first, separated by commas. Unset: generated into DATA_DIR (not in production).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @Matches(/^[^,\s]{32,}(,[^,\s]{32,})*$/, {
    message:
      'RECORDS_INDEX_KEY must be at least 32 characters without spaces or commas (after a rotation: such keys, oldest first, separated by commas)',
  })
  RECORDS_INDEX_KEY?: string;

  /**
   * Days a closed record is kept as it is before it is pseudonymized (the daily retention job).
   * Never shorter than the 24-month follow-up check, which needs the name and date of birth.
   */
  @Transform(toInt)
  @IsInt({ message: 'RECORDS_RETENTION_DAYS must be a whole number of days' })
  @Min(731, {
    message:
      'RECORDS_RETENTION_DAYS must be at least 731: the 24-month follow-up check needs the name and date of birth',
  })
  @Max(36_500, { message: 'RECORDS_RETENTION_DAYS must be at most 36500' })
  RECORDS_RETENTION_DAYS: number = 1095;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(3600)
  JWT_ACCESS_TTL_SECONDS: number = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  REFRESH_TOKEN_TTL_DAYS: number = 14;

  /** However often it is refreshed, a sign-in ends this many hours after the password was given. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  REFRESH_ABSOLUTE_HOURS: number = 12;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail()
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(128)
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /**
   * Failed sign-ins (wrong password, unknown email, wrong current password) one client address
   * may make per LOGIN_THROTTLE_TTL_SECONDS, counted in PostgreSQL for all instances; then 429.
   * Refreshes and successful sign-ins are not counted. Each account also locks after five
   * consecutive failures (15 minutes), so an office of 20 behind one router, every one of them
   * locking their own account in the same quarter hour, makes 100: the default is twice that.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  LOGIN_THROTTLE_LIMIT: number = 200;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  LOGIN_THROTTLE_TTL_SECONDS: number = 900;

  /**
   * A console session (a refresh token issued to the staff console) that goes unused this long
   * cannot be resumed. The console renews its token every 10 minutes while someone works and
   * signs out after 15 idle minutes, so it must stay above 15.
   */
  @Transform(toInt)
  @IsInt({ message: 'CONSOLE_IDLE_MINUTES must be a whole number of minutes (16 to 720)' })
  @Min(16, { message: 'CONSOLE_IDLE_MINUTES must be at least 16 (the console signs out at 15)' })
  @Max(720, { message: 'CONSOLE_IDLE_MINUTES must be at most 720' })
  CONSOLE_IDLE_MINUTES: number = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DB_POOL_SIZE: number = 10;

  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN: boolean = true;

  @IsString()
  BODY_LIMIT: string = '1mb';

  /**
   * Which hops may say who the client is (X-Forwarded-For, -Proto): `false`, the number of
   * proxies in front (`1` behind one load balancer), or their addresses/CIDR ranges. Never
   * `true`: that would believe any client's forged header.
   */
  @Transform(({ value }: { value: unknown }) => parseTrustProxy(value))
  @IsDefined({ message: TRUST_PROXY_HELP })
  TRUST_PROXY: TrustProxy = false;

  /**
   * Tests and training only (refused when NODE_ENV=production): the instant, with its offset,
   * at which the program's clock starts; it runs on from there. Unset: the real time.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: 'CLOCK_START must be an ISO 8601 instant with an offset' },
  )
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, {
    message: 'CLOCK_START must end with Z or an offset such as -06:00',
  })
  CLOCK_START?: string;

  // ---- Contact and reminders (README "Reminders") ----

  /**
   * The SMTP server reminders are sent through, e.g. `smtps://user:pass@smtp.example.org:465` or
   * `smtp://smtp.example.org:587` (STARTTLS when the server offers it). Unset: emails are planned
   * and end NOT_SENT, "no provider configured".
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The address emails come from (required with SMTP_URL). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({}, { message: 'MAIL_FROM must be an email address' })
  MAIL_FROM?: string;

  /** Base URL of the SMS gateway, which answers Twilio's REST API (default: Twilio's own). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?$/, {
    message: 'SMS_GATEWAY_URL must be an http(s) origin such as https://api.twilio.com',
  })
  SMS_GATEWAY_URL: string = 'https://api.twilio.com';

  /** The gateway account (Twilio's Account SID). Unset: texts end NOT_SENT, "no provider configured". */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'SMS_ACCOUNT_SID must be 1-64 letters or digits' })
  SMS_ACCOUNT_SID?: string;

  /** The gateway's auth token: Basic auth of the API calls and the key of webhook signatures. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'SMS_AUTH_TOKEN must be at least 8 characters' })
  SMS_AUTH_TOKEN?: string;

  /** The number texts come from, in E.164 (e.g. +18165550100), or a messaging service id. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, {
    message: 'SMS_FROM must be a number in E.164 form (+18165550100) or a messaging service id',
  })
  SMS_FROM?: string;

  /**
   * The origin people and the gateway reach this server at (https://cases.example.org): the
   * unsubscribe link of every email, and the URL webhook signatures are computed over.
   */
  @Transform(({ value }: { value: unknown }) =>
    value === '' || value === undefined ? undefined : String(value).replace(/\/$/, ''),
  )
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+$/, {
    message: 'PUBLIC_BASE_URL must be an origin such as https://cases.example.org (no path)',
  })
  PUBLIC_BASE_URL?: string;

  /** Who texts and emails are from, as people see it; never the program's name. */
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  MESSAGE_SENDER_NAME: string = 'Appointment reminders';

  /** The office's phone number, given in every message and in answer to HELP. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[0-9+()\-. ]{7,25}$/, {
    message: 'OFFICE_PHONE must be a phone number such as (816) 555-0100',
  })
  OFFICE_PHONE?: string;

  /** When messages may go out, America/Chicago wall-clock time: HH:MM-HH:MM, end excluded. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/, {
    message: 'SENDING_HOURS must be HH:MM-HH:MM such as 09:00-20:00',
  })
  SENDING_HOURS: string = '09:00-20:00';

  /** false: no reminder is planned and none is sent (consent is still recorded). */
  @Transform(toBool)
  @IsBoolean()
  REMINDERS_ENABLED: boolean = true;

  /**
   * Whether this instance runs the job runner (sending reminders; every instance may, they share
   * the work). false for an instance that should only answer requests, and in tests that do not
   * need it.
   */
  @Transform(toBool)
  @IsBoolean()
  JOB_RUNNER_ENABLED: boolean = true;

  /**
   * Milliseconds between the job runner's looks for work that has come due (a retry's delay run
   * out, a message held to the sending hours). New jobs start at once, whatever this says.
   */
  @Transform(toInt)
  @IsInt({ message: 'JOB_POLL_INTERVAL_MS must be a whole number of milliseconds (100 to 60000)' })
  @Min(100, { message: 'JOB_POLL_INTERVAL_MS must be at least 100' })
  @Max(60_000, { message: 'JOB_POLL_INTERVAL_MS must be at most 60000' })
  JOB_POLL_INTERVAL_MS: number = 2_000;

  /**
   * Seconds to wait before each new attempt after a temporary failure; one attempt more than
   * there are delays. Default: 1, 5, 30 minutes and 2 hours (five attempts).
   */
  @Matches(/^\d{1,6}(,\d{1,6}){0,9}$/, {
    message: 'MESSAGE_RETRY_DELAYS must be 1-10 comma-separated numbers of seconds',
  })
  MESSAGE_RETRY_DELAYS: string = '60,300,1800,7200';
}

/** Refuses to start with one clear line per bad setting. */
export function validateConfig(env: Record<string, unknown>): AppConfig {
  const config = plainToInstance(AppConfig, env, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  const messages = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (config.NODE_ENV === 'production') {
    if (!config.DATABASE_URL) messages.push('DATABASE_URL is required when NODE_ENV=production');
    if (!config.MIGRATION_DATABASE_URL) {
      messages.push(
        'MIGRATION_DATABASE_URL (the database owner, for migrations) is required when NODE_ENV=production; DATABASE_URL is then the API’s own login',
      );
    }
    if (!config.JWT_SECRET) messages.push('JWT_SECRET is required when NODE_ENV=production');
    if (!config.RECORDS_INDEX_KEY)
      messages.push('RECORDS_INDEX_KEY is required when NODE_ENV=production');
    if (config.CLOCK_START)
      messages.push('CLOCK_START is for tests and training; unset it when NODE_ENV=production');
  }
  messages.push(...reminderSettingProblems(config));
  if (Boolean(config.BOOTSTRAP_ADMIN_EMAIL) !== Boolean(config.BOOTSTRAP_ADMIN_PASSWORD)) {
    messages.push('BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together');
  } else if (config.BOOTSTRAP_ADMIN_EMAIL && config.BOOTSTRAP_ADMIN_PASSWORD) {
    const problem = passwordProblem(config.BOOTSTRAP_ADMIN_PASSWORD, config.BOOTSTRAP_ADMIN_EMAIL);
    if (problem) messages.push(`BOOTSTRAP_ADMIN_PASSWORD ${problem}`);
  }
  if (messages.length) throw new ConfigError(`Invalid configuration: ${messages.join('; ')}`);
  return config;
}

export class ConfigError extends Error {}

export function requireDatabaseUrl(config: AppConfig): string {
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set (main.ts completes it)');
  return config.DATABASE_URL;
}

export function requireJwtSecret(config: AppConfig): string {
  if (!config.JWT_SECRET) throw new Error('JWT_SECRET is not set (main.ts completes it)');
  return config.JWT_SECRET;
}

export function requireRecordsIndexKey(config: AppConfig): string {
  if (!config.RECORDS_INDEX_KEY)
    throw new Error('RECORDS_INDEX_KEY is not set (main.ts completes it)');
  return config.RECORDS_INDEX_KEY;
}

/** The settings of contact and reminders that only make sense together. */
function reminderSettingProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  if (config.SMTP_URL && !config.MAIL_FROM) problems.push('MAIL_FROM is required with SMTP_URL');
  if (config.SMTP_URL && !config.PUBLIC_BASE_URL)
    problems.push(
      'PUBLIC_BASE_URL is required with SMTP_URL: every email carries its unsubscribe link',
    );
  if (config.SMS_ACCOUNT_SID) {
    if (!config.SMS_AUTH_TOKEN) problems.push('SMS_AUTH_TOKEN is required with SMS_ACCOUNT_SID');
    if (!config.SMS_FROM) problems.push('SMS_FROM is required with SMS_ACCOUNT_SID');
    if (!config.PUBLIC_BASE_URL)
      problems.push(
        'PUBLIC_BASE_URL is required with SMS_ACCOUNT_SID: STOP replies reach the server there',
      );
  }
  const hours = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(config.SENDING_HOURS ?? '');
  if (hours && Number(hours[1]) * 60 + Number(hours[2]) >= Number(hours[3]) * 60 + Number(hours[4]))
    problems.push('SENDING_HOURS must end after it starts (e.g. 09:00-20:00)');
  const named = neutralWordingProblem(config.MESSAGE_SENDER_NAME ?? '');
  if (named) problems.push(`MESSAGE_SENDER_NAME ${named}`);
  return problems;
}
