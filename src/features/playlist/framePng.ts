// Export of the annotated frame as PNG: the frame on screen at the media's full size, decoded
// from the media itself (the WebGL viewer's canvas cannot be read back), with the room's (or
// one's own) drawings of that frame painted over it, as the notes report's thumbnails are.
import type { MediaSource } from '../../core/media/types';
import type { FrameMarkup } from '../../feature';
import { captureThumbnails, type MarkupPainter } from '../notes/thumbnails';

/** `<media name without extension>-f<frame>.png`, safe as a file name. */
export function framePngName(mediaName: string, frame: number): string {
  const base = mediaName.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[^\w.-]+/g, '_') || 'frame';
  return `${base}-f${frame}.png`;
}

/** The frame with its drawings as a PNG data URL (null: the frame could not be decoded). */
export async function annotatedFramePng(
  media: MediaSource,
  frame: number,
  markup: FrameMarkup,
): Promise<string | null> {
  const painter = markup.painter?.(frame) ?? null;
  const paint = new Map<number, MarkupPainter>(painter ? [[frame, painter]] : []);
  const pictures = await captureThumbnails(media, [frame], {
    width: media.info.width,
    timeoutMs: 10_000,
    markup: paint,
    type: 'image/png',
  });
  return pictures.get(frame) ?? null;
}
