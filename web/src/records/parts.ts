// What the records screens lend to other features' pages: the closed-record gate and banner,
// the court's decision on a referral.
export { ClosedRecordBanner, ClosedRecordGate, isRecordClosed } from './closed-record';
export { CourtDecision } from './court-decision';
