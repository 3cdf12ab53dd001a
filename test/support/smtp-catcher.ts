// The in-process SMTP server lives with the scripts so the bench uses the same one.
export * from '../../scripts/lib/smtp-catcher';
