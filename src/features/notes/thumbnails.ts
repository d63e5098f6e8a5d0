// Frame thumbnails for the notes report. The Viewer draws with WebGL (no preserved drawing
// buffer), so its canvas cannot be read back; instead each note's frame is asked from the media
// itself (loadFrame, which decodes it if needed) and drawn scaled into a 2D canvas. The session
// is never moved: in a room a seek would move everybody's playhead. The frame's drawings
// (annotations) are painted over the picture: for VFX notes the markup is the note.
import { floatImageToRgba8, isFloatImage } from '../../core/media/images/floatImage';
import { isPacked10Image, unpackToFloat } from '../../core/media/images/packedImage';
import type { FrameImage, MediaSource } from '../../core/media/types';
import { settleWithin } from '../../utils/settleWithin';

export interface ThumbnailOptions {
  /** Width of the thumbnails in pixels (height follows the media's aspect ratio). */
  width?: number;
  /** Per frame: a frame not decoded by then gets no thumbnail (the report says "No image"). */
  timeoutMs?: number;
  /** Called after each frame, for a progress display. */
  progress?: (done: number, total: number) => void;
  /** Per frame: paints its drawings over the picture at `scale` canvas px per image px. */
  markup?: ReadonlyMap<number, MarkupPainter>;
  /** The image format of the data URLs (default JPEG; PNG for an exported frame). */
  type?: 'image/jpeg' | 'image/png';
}

export type MarkupPainter = (context: CanvasRenderingContext2D, scale: number) => void;

/** Data URLs (JPEG unless `type` says PNG) per frame; null for frames that could not be decoded in time. */
export async function captureThumbnails(
  media: MediaSource | null,
  frames: readonly number[],
  options: ThumbnailOptions = {},
): Promise<Map<number, string | null>> {
  const result = new Map<number, string | null>();
  const unique = [...new Set(frames)];
  if (!media) {
    for (const frame of unique) result.set(frame, null);
    return result;
  }
  const width = Math.max(16, Math.round(options.width ?? 320));
  const aspect = media.info.width > 0 ? media.info.height / media.info.width : 9 / 16;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = Math.max(1, Math.round(width * aspect));
  const context = canvas.getContext('2d');
  let done = 0;
  for (const frame of unique) {
    let url: string | null = null;
    try {
      const image = await settleWithin(
        media.loadFrame(frame),
        options.timeoutMs ?? 4000,
        () => null,
      );
      // Drawn right away: sources reuse or close their images once the next frame comes.
      if (context && image && draw(context, image, canvas.width, canvas.height)) {
        const painter = options.markup?.get(frame);
        if (painter) {
          context.save();
          painter(context, canvas.width / Math.max(1, media.info.width));
          context.restore();
        }
        url = canvas.toDataURL(options.type ?? 'image/jpeg', 0.82);
      }
    } catch {
      url = null;
    }
    result.set(frame, url);
    done += 1;
    options.progress?.(done, unique.length);
  }
  return result;
}

function draw(
  context: CanvasRenderingContext2D,
  image: FrameImage,
  width: number,
  height: number,
): boolean {
  context.fillStyle = '#000';
  context.fillRect(0, 0, width, height);
  if (isPacked10Image(image)) return draw(context, unpackToFloat(image), width, height);
  if (isFloatImage(image)) {
    // Scene-linear pictures: their display transform (sRGB), as the viewer shows them ungraded.
    const rgba = new ImageData(floatImageToRgba8(image), image.width, image.height);
    return draw(context, rgba, width, height);
  }
  if (typeof ImageData !== 'undefined' && image instanceof ImageData) {
    // ImageData cannot be scaled by drawImage: go through a canvas of its own size.
    const full = document.createElement('canvas');
    full.width = image.width;
    full.height = image.height;
    full.getContext('2d')?.putImageData(image, 0, 0);
    context.drawImage(full, 0, 0, width, height);
    return true;
  }
  context.drawImage(image as CanvasImageSource, 0, 0, width, height);
  return true;
}
