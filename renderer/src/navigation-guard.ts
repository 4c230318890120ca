/**
 * The kiosk has no history to go back in: an applicant must never reach the previous
 * applicant's screens. There is no router; this also swallows the browser's own ways
 * back (Backspace outside a text field, Alt+Left/Right, the mouse's back button) and
 * undoes any history step that happens anyway.
 */
function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'checkbox'));
}

export function installNavigationGuard(): void {
  window.addEventListener(
    'keydown',
    (event) => {
      const browserBack = event.altKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight');
      const pageBack = event.key === 'Backspace' && !isTextField(event.target);
      if (browserBack || pageBack || event.key === 'BrowserBack' || event.key === 'BrowserForward') event.preventDefault();
    },
    { capture: true },
  );
  window.addEventListener('mouseup', (event) => {
    if (event.button === 3 || event.button === 4) event.preventDefault();
  });
  history.pushState(null, '', location.href);
  window.addEventListener('popstate', () => history.pushState(null, '', location.href));
}
