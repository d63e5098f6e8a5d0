// The timeline: frame ticks, shaded in/out range with markers, marks on missing frames, playhead,
// frame and timecode readouts, the first-frame setting, and pointer scrubbing that seeks.
import { setStartFrame, startFrameRefusal } from '../../core/media/startFrame';
import { formatRate, mediaTimecode } from '../../core/media/timecode';
import type { Playback } from '../../core/playback/Playback';
import { el, inputOfType, listen } from './shared/dom';
import {
  frameCenterFraction,
  labelLeft,
  fractionToFrame,
  frameToFraction,
  tickFrames,
  tickStep,
  type FrameRange,
} from './timelineMath';
import '../styles/timeline.css';

const MINOR_TICK_MIN_PX = 6;
const LABEL_MIN_PX = 70;

export class Timeline {
  readonly element: HTMLElement;
  private readonly track: HTMLElement;
  private readonly ticks: HTMLCanvasElement;
  private readonly range: HTMLElement;
  private readonly inMarker: HTMLElement;
  private readonly outMarker: HTMLElement;
  private readonly playhead: HTMLElement;
  private readonly frameReadout: HTMLElement;
  private readonly timecodeReadout: HTMLElement;
  private readonly inOutReadout: HTMLElement;
  private readonly gaps: HTMLElement;
  private readonly startInput: HTMLInputElement;
  private readonly cleanups: Array<() => void> = [];
  private readonly resizeObserver: ResizeObserver | null = null;
  /** Set while the pointer scrubs: which pointer, and whether playback resumes on release. */
  private scrub: { pointerId: number; resume: boolean } | null = null;

  constructor(
    container: HTMLElement,
    private readonly session: Playback,
  ) {
    this.frameReadout = el('span', { className: 'rs-timeline__frame', testId: 'current-frame' });
    this.timecodeReadout = el('span', { className: 'rs-timeline__timecode', testId: 'timecode' });
    this.ticks = el('canvas', { className: 'rs-timeline__ticks' });
    this.range = el('div', { className: 'rs-timeline__range', testId: 'timeline-range' });
    this.inMarker = el('div', {
      className: 'rs-timeline__marker rs-timeline__marker--in',
      testId: 'timeline-in-marker',
    });
    this.outMarker = el('div', {
      className: 'rs-timeline__marker rs-timeline__marker--out',
      testId: 'timeline-out-marker',
    });
    this.playhead = el('div', { className: 'rs-timeline__playhead', testId: 'timeline-playhead' });
    this.gaps = el('div', { className: 'rs-timeline__gaps' });
    this.track = el(
      'div',
      {
        className: 'rs-timeline__track',
        testId: 'timeline',
        attrs: { role: 'slider', 'aria-label': 'Timeline', tabindex: '-1' },
      },
      [this.ticks, this.range, this.gaps, this.inMarker, this.outMarker, this.playhead],
    );
    this.inOutReadout = el('span', { className: 'rs-timeline__inout', testId: 'in-out-readout' });
    this.startInput = inputOfType('number', {
      className: 'rs-input rs-timeline__start-input',
      testId: 'start-frame-input',
      attrs: { 'aria-label': 'First frame number', min: '0', step: '1' },
    });

    this.element = el('div', { className: 'rs-timeline' }, [
      el('div', { className: 'rs-timeline__readout' }, [this.frameReadout, this.timecodeReadout]),
      this.track,
      el('div', { className: 'rs-timeline__side' }, [
        this.inOutReadout,
        el('label', { className: 'rs-timeline__start', text: 'Start ' }, [this.startInput]),
      ]),
    ]);
    container.append(this.element);

    this.cleanups.push(
      listen(this.track, 'pointerdown', this.onPointerDown),
      listen(this.track, 'pointermove', this.onPointerMove),
      listen(this.track, 'pointerup', this.onPointerUp),
      listen(this.track, 'pointercancel', this.onPointerUp),
      listen(this.startInput, 'change', this.onStartFrame),
      listen(this.startInput, 'keydown', (event) => {
        if (event.key === 'Enter' || event.key === 'Escape') this.startInput.blur();
      }),
      session.on('frameChanged', () => this.updatePlayhead()),
      session.on('inOutChanged', () => this.updateRange()),
      session.on('mediaChanged', () => this.refresh()),
      session.on('fpsChanged', () => this.updatePlayhead()),
    );
    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver = new ResizeObserver(() => this.drawTicks());
      this.resizeObserver.observe(this.track);
    }
    this.refresh();
  }

  /** True while the user drags on the timeline. */
  get isScrubbing(): boolean {
    return this.scrub !== null;
  }

  refresh(): void {
    this.updatePlayhead();
    this.updateRange();
    this.updateGaps();
    this.updateStartFrame();
    this.drawTicks();
  }

  dispose(): void {
    this.resizeObserver?.disconnect();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
  }

  private get frameRange(): FrameRange {
    return { start: this.session.frameStart, end: this.session.frameEnd };
  }

  private updatePlayhead(): void {
    const frame = this.session.currentFrame;
    const range = this.frameRange;
    this.playhead.style.setProperty('--rs-position', String(frameCenterFraction(frame, range)));
    this.frameReadout.textContent = String(frame);
    const fps = this.session.fps;
    const info = this.session.media?.info;
    this.timecodeReadout.textContent = mediaTimecode(frame, {
      frameStart: range.start,
      fps,
      timecodeStart: info?.timecodeStart ?? 0,
    });
    const origin = info?.timecodeStart
      ? info.kind === 'images'
        ? 'timecode from the frame numbers'
        : "timecode from the file's start timecode"
      : 'timecode from 00:00:00:00 at the first frame';
    this.timecodeReadout.title = `${formatRate(fps)} fps, ${origin}`;
    this.track.setAttribute('aria-valuemin', String(range.start));
    this.track.setAttribute('aria-valuemax', String(range.end));
    this.track.setAttribute('aria-valuenow', String(frame));
  }

  private updateRange(): void {
    const range = this.frameRange;
    const { inPoint, outPoint } = this.session;
    const left = frameToFraction(inPoint, range);
    const right = frameToFraction(outPoint + 1, range);
    this.range.style.setProperty('--rs-left', String(left));
    this.range.style.setProperty('--rs-width', String(Math.max(0, right - left)));
    this.inMarker.style.setProperty('--rs-position', String(left));
    this.outMarker.style.setProperty('--rs-position', String(right));
    const trimmed = inPoint !== range.start || outPoint !== range.end;
    this.element.classList.toggle('rs-timeline--trimmed', trimmed);
    this.inOutReadout.textContent = `In ${inPoint} · Out ${outPoint}`;
  }

  /** A mark over each range of missing frames (gaps of an image sequence). */
  private updateGaps(): void {
    const range = this.frameRange;
    const missing = this.session.media?.info.missingFrames ?? [];
    this.gaps.replaceChildren(
      ...missing.map((gap) => {
        const count = gap.end - gap.start + 1;
        const what = count === 1 ? `Frame ${gap.start}` : `Frames ${gap.start}–${gap.end}`;
        const mark = el('div', {
          className: 'rs-timeline__gap',
          testId: 'timeline-gap',
          title: `${what} missing`,
          attrs: { 'data-start': String(gap.start), 'data-end': String(gap.end) },
        });
        mark.style.setProperty('--rs-left', String(frameToFraction(gap.start, range)));
        mark.style.setProperty(
          '--rs-width',
          String(frameToFraction(gap.end + 1, range) - frameToFraction(gap.start, range)),
        );
        return mark;
      }),
    );
  }

  private updateStartFrame(): void {
    const media = this.session.media;
    const refusal = startFrameRefusal(media, this.session.frameStart);
    this.startInput.value = String(this.session.frameStart);
    this.startInput.disabled = refusal !== null;
    this.startInput.title =
      refusal ?? 'Number of the first frame (e.g. 1001); the timecode stays with the picture';
  }

  private readonly onStartFrame = (): void => {
    const value = Number(this.startInput.value);
    const refusal = setStartFrame(this.session, value);
    if (refusal) {
      this.startInput.setCustomValidity(refusal);
      this.startInput.reportValidity();
      this.startInput.value = String(this.session.frameStart);
      return;
    }
    this.startInput.setCustomValidity('');
  };

  /** Ticks on a canvas: a minor tick per step, a taller labelled one where labels fit. */
  private drawTicks(): void {
    const width = this.track.clientWidth;
    const height = this.track.clientHeight;
    if (width === 0 || height === 0) return;
    const dpr = window.devicePixelRatio || 1;
    this.ticks.width = Math.round(width * dpr);
    this.ticks.height = Math.round(height * dpr);
    const context = this.ticks.getContext('2d');
    if (!context) return;
    context.setTransform(dpr, 0, 0, dpr, 0, 0);
    context.clearRect(0, 0, width, height);
    const range = this.frameRange;
    const styles = getComputedStyle(this.track);
    const minorColor = styles.getPropertyValue('--rs-tick-color').trim() || '#555';
    const labelColor = styles.getPropertyValue('--rs-tick-label-color').trim() || '#999';
    const minor = tickStep(range, width, MINOR_TICK_MIN_PX);
    const major = tickStep(range, width, LABEL_MIN_PX);
    context.fillStyle = minorColor;
    for (const frame of tickFrames(range, minor)) {
      const x = Math.round(frameCenterFraction(frame, range) * width) + 0.5;
      const isMajor = frame % major === 0;
      const tickHeight = isMajor ? height * 0.45 : height * 0.2;
      context.fillRect(x - 0.5, height - tickHeight, 1, tickHeight);
    }
    context.fillStyle = labelColor;
    context.font = '10px ui-monospace, Menlo, Consolas, monospace';
    context.textBaseline = 'top';
    for (const frame of tickFrames(range, major)) {
      const x = Math.round(frameCenterFraction(frame, range) * width);
      const text = String(frame);
      // A label that would run past the right edge goes on the left of its tick.
      context.fillText(text, labelLeft(x, context.measureText(text).width, width), 2);
    }
  }

  private frameAtClientX(clientX: number): number {
    const rect = this.track.getBoundingClientRect();
    const fraction = rect.width > 0 ? (clientX - rect.left) / rect.width : 0;
    return fractionToFrame(fraction, this.frameRange);
  }

  // Scrubbing pauses while the pointer is down (so the picture follows the pointer, not the
  // clock) and resumes on release if the session was playing: the playing state is kept, as RV does.
  private readonly onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0 || this.scrub) return;
    const resume = this.session.isPlaying;
    if (resume) this.session.pause();
    this.scrub = { pointerId: event.pointerId, resume };
    this.track.setPointerCapture(event.pointerId);
    this.element.classList.add('rs-timeline--scrubbing');
    this.session.seek(this.frameAtClientX(event.clientX));
  };

  private readonly onPointerMove = (event: PointerEvent): void => {
    if (!this.scrub || event.pointerId !== this.scrub.pointerId) return;
    const frame = this.frameAtClientX(event.clientX);
    if (frame !== this.session.currentFrame) this.session.seek(frame);
  };

  private readonly onPointerUp = (event: PointerEvent): void => {
    const scrub = this.scrub;
    if (!scrub || event.pointerId !== scrub.pointerId) return;
    this.scrub = null;
    if (this.track.hasPointerCapture(event.pointerId))
      this.track.releasePointerCapture(event.pointerId);
    this.element.classList.remove('rs-timeline--scrubbing');
    if (scrub.resume) this.session.play();
  };
}
