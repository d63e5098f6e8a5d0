// Inline SVG icons (24x24, currentColor) for the player's buttons, so no icon font or request is needed.

const paths = {
  play: '<path d="M8 5.5v13l10.5-6.5z" fill="currentColor" stroke="none"/>',
  pause:
    '<rect x="6.5" y="5" width="4" height="14" rx="1" fill="currentColor" stroke="none"/><rect x="13.5" y="5" width="4" height="14" rx="1" fill="currentColor" stroke="none"/>',
  stepBack: '<path d="M17 6v12l-8-6z" fill="currentColor" stroke="none"/><path d="M7 6v12"/>',
  stepForward: '<path d="M7 6v12l8-6z" fill="currentColor" stroke="none"/><path d="M17 6v12"/>',
  goToStart:
    '<path d="M5 5v14"/><path d="M19 6v12l-6-6z M13 6v12l-6-6z" fill="currentColor" stroke="none"/>',
  goToEnd:
    '<path d="M19 5v14"/><path d="M5 6v12l6-6z M11 6v12l6-6z" fill="currentColor" stroke="none"/>',
  directionForward: '<path d="M4 12h14"/><path d="M13 7l5 5-5 5"/>',
  directionReverse: '<path d="M20 12H6"/><path d="M11 7l-5 5 5 5"/>',
  loop: '<path d="M17 2l3 3-3 3"/><path d="M4 11V9a4 4 0 0 1 4-4h12"/><path d="M7 22l-3-3 3-3"/><path d="M20 13v2a4 4 0 0 1-4 4H4"/>',
  once: '<path d="M4 12h13"/><path d="M13 8l4 4-4 4"/><path d="M20 6v12"/>',
  pingpong:
    '<path d="M3 9h16"/><path d="M15 5l4 4-4 4"/><path d="M21 15H5"/><path d="M9 11l-4 4 4 4"/>',
  volume:
    '<path d="M4 9v6h4l5 4V5L8 9z" fill="currentColor" stroke="none"/><path d="M16 8.5a5 5 0 0 1 0 7"/><path d="M18.5 6a8.5 8.5 0 0 1 0 12"/>',
  muted:
    '<path d="M4 9v6h4l5 4V5L8 9z" fill="currentColor" stroke="none"/><path d="M16.5 9.5l5 5"/><path d="M21.5 9.5l-5 5"/>',
  open: '<path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"/>',
  help: '<circle cx="12" cy="12" r="9"/><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 1-1 1.7v.5"/><circle cx="12" cy="17" r=".6" fill="currentColor"/>',
  color:
    '<circle cx="12" cy="12" r="9"/><path d="M12 3v18" /><path d="M12 3a9 9 0 0 1 0 18z" fill="currentColor" stroke="none"/>',
  close: '<path d="M6 6l12 12"/><path d="M18 6L6 18"/>',
  upload:
    '<path d="M12 16V4"/><path d="M7 9l5-5 5 5"/><path d="M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3"/>',
  users:
    '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20a6.5 6.5 0 0 1 13 0"/><path d="M16 4.6a3.5 3.5 0 0 1 0 6.8"/><path d="M18 14.2a6.5 6.5 0 0 1 3.5 5.8"/>',
  check: '<path d="M5 12.5l4.5 4.5L19 7.5"/>',
  warning:
    '<path d="M12 3.5l9.5 16.5h-19z"/><path d="M12 10v4.5"/><circle cx="12" cy="17.3" r=".6" fill="currentColor"/>',
  offline:
    '<path d="M3 3l18 18"/><path d="M8.5 16.5a5 5 0 0 1 7 0"/><path d="M5 12.9a10 10 0 0 1 4.2-2.4"/><path d="M14.8 10.5A10 10 0 0 1 19 12.9"/><circle cx="12" cy="20" r=".6" fill="currentColor"/>',
  sync: '<path d="M20 12a8 8 0 0 1-14 5.3"/><path d="M4 12a8 8 0 0 1 14-5.3"/><path d="M18 3v4h-4"/><path d="M6 21v-4h4"/>',
  link: '<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1"/><path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>',
  fullscreen:
    '<path d="M4 9V4h5"/><path d="M15 4h5v5"/><path d="M20 15v5h-5"/><path d="M9 20H4v-5"/>',
  playlist:
    '<path d="M4 6h11"/><path d="M4 11h11"/><path d="M4 16h7"/><path d="M15 14.5v5l4.5-2.5z" fill="currentColor"/>',
  compare:
    '<rect x="3" y="5" width="18" height="14" rx="1"/><path d="M12 3v18"/><path d="M12 5l9 14" opacity=".5"/>',
  aspect:
    '<rect x="3" y="6" width="18" height="12" rx="1"/><path d="M3 9h18"/><path d="M3 15h18"/>',
  scopes: '<rect x="3" y="4" width="18" height="16" rx="2"/><path d="M6 16l3-5 3 3 3-6 3 4"/>',
  fullscreenExit:
    '<path d="M9 4v5H4"/><path d="M20 9h-5V4"/><path d="M15 20v-5h5"/><path d="M4 15h5v5"/>',
} as const;

export type IconName = keyof typeof paths;

/** SVG markup for an icon; aria-hidden because the button around it carries the label. */
export function iconSvg(name: IconName): string {
  return `<svg class="rs-icon" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${paths[name]}</svg>`;
}

/** Replaces an element's content with an icon. */
export function setIcon(element: HTMLElement, name: IconName): void {
  element.innerHTML = iconSvg(name);
}
