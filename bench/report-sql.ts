// The benchmark times exactly the SQL the report services run.
export { BALANCES_SQL, FEE_GROUP_EXPR, feeReportSql } from '../src/reports/report-sql';
