// The loopback SMS gateway lives with the scripts so the bench uses the same one.
export * from '../../scripts/lib/fake-sms-gateway';
