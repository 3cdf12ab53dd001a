// What the enrollment screens lend to the participant page.
export { AttendanceTab } from './attendance-tab';
export { EnrollmentTab } from './enrollment-tab';
