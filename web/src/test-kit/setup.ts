// Before each component test file: the page's fetch is the fake API's (the API client captures
// fetch when it is created, so this runs before any of the console's modules load), and jsdom
// gets the few browser behaviours the console relies on.
import { server } from './fake-api';

globalThis.fetch = server.fetch;

// jsdom lays nothing out: scrolling does nothing.
Element.prototype.scrollIntoView = function scrollIntoView() {};
window.scrollTo = () => undefined;
// …and nothing is ever resized: an observer is never called back.
globalThis.ResizeObserver ??= class ResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
};

/**
 * <dialog> as a browser runs it (jsdom has the element but not its behaviour): showModal opens it
 * and moves focus into it, Escape sends `cancel` (closing it unless prevented), close() closes it
 * and gives focus back to what had it before.
 */
const opened: { dialog: HTMLDialogElement; before: Element | null }[] = [];

HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
  if (this.open) return;
  opened.push({ dialog: this, before: document.activeElement });
  this.setAttribute('open', '');
  const first = this.querySelector<HTMLElement>(
    '[autofocus], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])',
  );
  first?.focus();
};

HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
  if (!this.open) return;
  this.removeAttribute('open');
  const at = opened.findIndex((o) => o.dialog === this);
  const [entry] = at >= 0 ? opened.splice(at, 1) : [];
  if (entry?.before instanceof HTMLElement && entry.before.isConnected) entry.before.focus();
  this.dispatchEvent(new Event('close'));
};

document.addEventListener('keydown', (e) => {
  const top = opened[opened.length - 1]?.dialog;
  if (e.key !== 'Escape' || !top) return;
  const cancel = new Event('cancel', { cancelable: true });
  if (top.dispatchEvent(cancel)) top.close();
});
