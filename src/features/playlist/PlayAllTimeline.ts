// Play all on the timeline: while the room plays the playlist end to end, a band along the foot of
// the timeline's track shows the whole sequence — one segment per item (its in–out range, widths
// by length, the boundaries between them), the current item marked, and where the playhead is in
// the sequence. Laid over the track like the notes markers (pointer-transparent: scrubbing works
// as before), in the timeline bar, never over the picture.
import type { Playback } from '../../core/playback/Playback';
import { el } from '../../ui/components/shared/dom';
import {
  playAllSegments,
  sequencePosition,
  type FrameSpan,
  type PlayAllSegment,
} from './playAllSegments';
import type { PlaylistModel } from './PlaylistModel';
import type { LibraryItem } from './types';

export interface PlayAllTimelineDeps {
  /** The app root (the timeline's track is found in it). */
  root: HTMLElement;
  model: Pick<PlaylistModel, 'playAll' | 'rows'>;
  library(): readonly LibraryItem[];
  /** The live in–out of the current item when this page shows it (null: not yet). */
  currentSpan(): FrameSpan | null;
  session: Pick<Playback, 'currentFrame'>;
}

export class PlayAllTimeline {
  readonly element: HTMLElement;
  private readonly position: HTMLElement;
  private segments: PlayAllSegment[] = [];

  constructor(private readonly deps: PlayAllTimelineDeps) {
    this.position = el('span', { className: 'rs-play-all__position', testId: 'play-all-position' });
    this.element = el('div', {
      className: 'rs-play-all',
      testId: 'play-all-timeline',
      attrs: { 'aria-label': 'Play all: the playlist’s items on the timeline' },
    });
    this.element.hidden = true;
  }

  /** The playlist, the library, play all or the current item's range changed. */
  render(): void {
    const on = this.deps.model.playAll;
    this.segments = on
      ? playAllSegments(this.deps.model.rows, this.deps.library(), this.deps.currentSpan())
      : [];
    this.element.hidden = this.segments.length === 0;
    if (this.element.hidden) {
      this.element.remove();
      return;
    }
    if (!this.element.isConnected) {
      const track = this.deps.root.querySelector('[data-testid="timeline"]');
      if (!(track instanceof HTMLElement)) return;
      track.append(this.element);
    }
    this.element.replaceChildren(
      ...this.segments.map((segment, index) => {
        const view = el('span', {
          className: `rs-play-all__segment${segment.current ? ' rs-play-all__segment--current' : ''}`,
          testId: 'play-all-segment',
          title: `${index + 1}. ${segment.name} (${segment.inPoint}–${segment.outPoint})`,
          attrs: {
            'data-id': segment.id,
            'data-current': String(segment.current),
            'data-in': String(segment.inPoint),
            'data-out': String(segment.outPoint),
          },
        });
        view.style.setProperty('--rs-left', String(segment.start));
        view.style.setProperty('--rs-width', String(segment.width));
        return view;
      }),
      this.position,
    );
    this.frame();
  }

  /** The playhead moved: its place in the sequence follows. */
  frame(): void {
    if (this.element.hidden) return;
    const at = sequencePosition(this.segments, this.deps.session.currentFrame);
    this.position.hidden = at === null;
    this.position.style.setProperty('--rs-position', String(at ?? 0));
  }

  dispose(): void {
    this.element.remove();
  }
}
