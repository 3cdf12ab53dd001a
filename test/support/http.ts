import request from 'supertest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, AppInstance } from './app';

let counter = 0;

/** A logged-in staff member talking to one server instance. */
export class ApiClient {
  constructor(
    readonly base: string,
    readonly token: string,
    readonly staffId: string,
    readonly email: string,
  ) {}

  /** Every answer is checked against openapi.json on arrival (support/contract-everywhere.ts). */
  private auth<T extends request.Test>(t: T): T {
    return t.set('Authorization', `Bearer ${this.token}`) as T;
  }

  get(path: string) {
    return this.auth(request(this.base).get(path));
  }
  post(path: string, body?: object | string) {
    const t = this.auth(request(this.base).post(path));
    return body === undefined ? t : t.send(body as object);
  }
  put(path: string, body?: object | string) {
    const t = this.auth(request(this.base).put(path));
    return body === undefined ? t : t.send(body as object);
  }
  patch(path: string, body?: object | string) {
    const t = this.auth(request(this.base).patch(path));
    return body === undefined ? t : t.send(body as object);
  }
  delete(path: string) {
    return this.auth(request(this.base).delete(path));
  }

  /** The same staff member on another instance (same database, same secret). */
  on(app: AppInstance): ApiClient {
    return new ApiClient(app.api, this.token, this.staffId, this.email);
  }
}

export async function login(app: AppInstance, email: string, password: string): Promise<ApiClient> {
  const res = await request(app.api).post('/auth/login').send({ email, password });
  if (res.status !== 200)
    throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return new ApiClient(app.api, res.body.accessToken, res.body.user.id, email);
}

export const loginAdmin = (app: AppInstance) => login(app, ADMIN_EMAIL, ADMIN_PASSWORD);

export const STAFF_PASSWORD = 'staff-password-123';

/** Creates a staff member with these roles (through the API, as the ADMIN) and logs them in. */
export async function staffWith(
  app: AppInstance,
  admin: ApiClient,
  roles: string[],
): Promise<ApiClient> {
  const email = `${roles.join('-').toLowerCase()}-${process.pid}-${++counter}@test.example`;
  const res = await admin.post('/staff', {
    email,
    displayName: `${roles.join('/')} ${counter}`,
    roles,
    password: STAFF_PASSWORD,
  });
  if (res.status !== 201)
    throw new Error(`creating staff failed: ${res.status} ${JSON.stringify(res.body)}`);
  return login(app, email, STAFF_PASSWORD);
}

export const anonymous = (app: AppInstance) => request(app.api);
