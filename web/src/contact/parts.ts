// What the contact screens lend to the participant page.
export { ContactTab } from './contact-tab';
