import { ApiFactory } from './api-factory';
import { AppInstance, startApp, TestDatabase } from './app';
import { ApiClient, loginAdmin, staffWith } from './http';
import { chicagoDay, LedgerSql } from './ledger-sql';

/**
 * What the money tests (remittances, reports) start from: a database of their own, one server,
 * one staff member per role, the API builders, the SQL builder of past-dated entries, and today
 * in Chicago as the database sees it.
 */
export interface MoneyWorld {
  db: TestDatabase;
  app: AppInstance;
  admin: ApiClient;
  finance: ApiClient;
  supervisor: ApiClient;
  auditor: ApiClient;
  intake: ApiClient;
  make: ApiFactory;
  /** Refunds, waivers and reversals dated in the past, which the API cannot record. */
  ledger: LedgerSql;
  today: string;
}

export async function startMoneyWorld(): Promise<MoneyWorld> {
  const db = await TestDatabase.create();
  const app = await startApp(db);
  const admin = await loginAdmin(app);
  const [finance, supervisor, auditor, intake] = await Promise.all(
    ['FINANCE', 'SUPERVISOR', 'AUDITOR', 'INTAKE'].map((role) => staffWith(app, admin, [role])),
  );
  return {
    db,
    app,
    admin,
    finance,
    supervisor,
    auditor,
    intake,
    make: await ApiFactory.create(app, admin),
    ledger: new LedgerSql(db),
    today: await chicagoDay(db),
  };
}

export async function stopMoneyWorld(world: MoneyWorld | undefined): Promise<void> {
  await world?.app.stop();
  await world?.db.close();
}
