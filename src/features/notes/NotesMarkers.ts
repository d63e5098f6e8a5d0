// Note markers over the timeline: a layer of our own laid over the Timeline's track (which is
// position: relative), ignoring the pointer so scrubbing works as before. One tick per note in
// its author's color; range notes get a bar from their first to their last frame.
import type { Playback } from '../../core/playback/Playback';
import { el } from '../../ui/components/shared/dom';
import { frameToFraction, type FrameRange } from '../../ui/components/timelineMath';
import type { NotesModel } from './NotesModel';

export class NotesMarkers {
  readonly element: HTMLElement;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly model: NotesModel,
    private readonly session: Playback,
  ) {
    this.element = el('div', {
      className: 'rs-notes-markers',
      testId: 'notes-markers',
      attrs: { 'aria-hidden': 'true' },
    });
    this.cleanups.push(
      model.on('changed', () => this.render()),
      session.on('mediaChanged', () => this.render()),
    );
    this.render();
  }

  render(): void {
    if (!this.element.isConnected) {
      const track = this.root.querySelector('[data-testid="timeline"]');
      if (!(track instanceof HTMLElement)) return;
      track.append(this.element);
    }
    const range: FrameRange = { start: this.session.frameStart, end: this.session.frameEnd };
    const markers = this.model.items
      .filter((item) => (item.endFrame ?? item.frame) >= range.start && item.frame <= range.end)
      .map((item) => {
        const start = Math.max(item.frame, range.start);
        const end = Math.min(item.endFrame ?? item.frame, range.end);
        const left = frameToFraction(start, range);
        const width = frameToFraction(end + 1, range) - left;
        const marker = el('span', {
          className: `rs-notes-markers__mark${item.endFrame !== undefined ? ' rs-notes-markers__mark--range' : ''}`,
          testId: 'notes-marker',
          attrs: { 'data-frame': String(item.frame) },
        });
        marker.style.setProperty('--rs-left', String(left));
        marker.style.setProperty('--rs-width', String(width));
        marker.style.setProperty('--rs-note-author', item.authorColor);
        return marker;
      });
    this.element.replaceChildren(...markers);
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
  }
}
