// What the referral screens lend to other features' pages.
export { checkLabel, ReferralsTab } from './referrals-tab';
