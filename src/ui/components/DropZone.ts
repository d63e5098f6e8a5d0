// Accepts files dropped anywhere on the viewer area, showing a drop hint while files hover over it.
import { EventEmitter } from '../../utils/EventEmitter';
import { el, listen } from './shared/dom';
import { iconSvg } from './shared/Icons';
import '../styles/drop-zone.css';

export type DropZoneEvents = {
  filesDropped: File[];
};

export class DropZone extends EventEmitter<DropZoneEvents> {
  private readonly hint: HTMLElement;
  private readonly cleanups: Array<() => void> = [];
  /** dragenter/dragleave fire for every child crossed; count them to know when we really left. */
  private depth = 0;

  constructor(private readonly target: HTMLElement) {
    super();
    target.dataset.testid = 'drop-zone';
    target.classList.add('rs-drop-zone');
    this.hint = el('div', {
      className: 'rs-drop-zone__hint',
      testId: 'drop-hint',
      attrs: { 'aria-hidden': 'true' },
    });
    this.hint.innerHTML = `${iconSvg('upload')}<span>Drop a video, an image or an image sequence</span>`;
    target.append(this.hint);

    this.cleanups.push(
      listen(target, 'dragenter', (event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        this.depth++;
        this.setActive(true);
      }),
      listen(target, 'dragover', (event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
      }),
      listen(target, 'dragleave', () => {
        this.depth = Math.max(0, this.depth - 1);
        if (this.depth === 0) this.setActive(false);
      }),
      listen(target, 'drop', (event) => {
        event.preventDefault();
        this.depth = 0;
        this.setActive(false);
        const files = [...(event.dataTransfer?.files ?? [])];
        if (files.length > 0) this.emit('filesDropped', files);
      }),
    );
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.hint.remove();
    this.target.classList.remove('rs-drop-zone', 'rs-drop-zone--active');
    delete this.target.dataset.testid;
    this.removeAllListeners();
  }

  private setActive(active: boolean): void {
    this.target.classList.toggle('rs-drop-zone--active', active);
  }
}

function hasFiles(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}
