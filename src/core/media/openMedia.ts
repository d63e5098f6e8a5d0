// Opens local files as a MediaSource: one video file, or one or more images (a sequence).
import { ImageSequenceSource } from './ImageSequenceSource';
import { MediaError, withTimeout } from './MediaError';
import { insecureVideoMessage, secureContextProblem, type PageAddress } from './secureContext';
import { VideoSource } from './VideoSource';
import type { MediaSource } from './types';

export { MediaError } from './MediaError';
export type { MediaErrorCode } from './MediaError';

/** Extensions (lower case, no dot) opened as video through mediabunny + WebCodecs. */
export const VIDEO_EXTENSIONS = ['mp4', 'm4v', 'mov', 'webm', 'mkv', 'ogv', 'ts', 'mts'] as const;
/** Extensions opened as still images through createImageBitmap. */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg'] as const;
/** For a file picker's `accept` attribute. */
export const ACCEPTED_FILE_TYPES = [...VIDEO_EXTENSIONS, ...IMAGE_EXTENSIONS]
  .map((ext) => `.${ext}`)
  .join(',');

/** Opening (parsing + decoding the first frame) longer than this counts as undecodable. */
const OPEN_TIMEOUT_MS = 20_000;

export type FileCategory = 'video' | 'image' | 'unsupported';

/** Classifies a file by MIME type, falling back to its extension (drag-and-drop often has no type). */
export function categorizeFile(file: { name: string; type: string }): FileCategory {
  const type = file.type.toLowerCase();
  if (type === 'image/png' || type === 'image/jpeg') return 'image';
  if (type.startsWith('video/')) return 'video';
  const dot = file.name.lastIndexOf('.');
  const ext = dot >= 0 ? file.name.slice(dot + 1).toLowerCase() : '';
  if ((VIDEO_EXTENSIONS as readonly string[]).includes(ext)) return 'video';
  if ((IMAGE_EXTENSIONS as readonly string[]).includes(ext)) return 'image';
  return 'unsupported';
}

/**
 * Opens the files as one piece of media and decodes its first frame, so a source that resolves
 * can be shown. Rejects with MediaError (EMPTY, UNSUPPORTED_TYPE, INSECURE_CONTEXT, UNSUPPORTED_CODEC,
 * DECODE_FAILED, TIMEOUT) otherwise; nothing is left running after a rejection.
 */
export async function openMediaFiles(files: readonly File[]): Promise<MediaSource> {
  const nonEmpty = files.filter((file) => file.size > 0);
  if (nonEmpty.length === 0) {
    throw new MediaError('EMPTY', files.length === 0 ? 'No file was given.' : 'The file is empty.');
  }
  const categories = nonEmpty.map((file) => categorizeFile(file));
  const unsupported = nonEmpty.find((_, i) => categories[i] === 'unsupported');
  if (unsupported) {
    throw new MediaError(
      'UNSUPPORTED_TYPE',
      `${unsupported.name} is not a supported file type (video: ${VIDEO_EXTENSIONS.join(', ')}; images: ${IMAGE_EXTENSIONS.join(', ')}).`,
    );
  }
  const videos = nonEmpty.filter((_, i) => categories[i] === 'video');
  if (videos.length > 0 && (videos.length > 1 || nonEmpty.length > 1)) {
    throw new MediaError('UNSUPPORTED_TYPE', 'Open one video file at a time, or only images.');
  }
  const video = videos[0];
  const problem = video ? secureContextProblem() : null;
  if (video && problem) {
    // Without this, mediabunny reports the codec as undecodable, which sends people hunting
    // for a transcode when the page's address is what is wrong.
    const address = (globalThis as { location?: PageAddress }).location;
    throw new MediaError('INSECURE_CONTEXT', insecureVideoMessage(video.name, problem, address));
  }
  const opening: Promise<MediaSource> = video
    ? VideoSource.open(video)
    : ImageSequenceSource.open(nonEmpty);
  let source: MediaSource;
  try {
    source = await withTimeout(
      opening,
      OPEN_TIMEOUT_MS,
      `Opening ${nonEmpty[0]?.name ?? 'the media'}`,
    );
  } catch (error) {
    // If the open finishes after the timeout, do not leak its decoder.
    opening.then((late) => late.dispose()).catch(() => undefined);
    throw error;
  }
  try {
    await withTimeout(
      source.loadFrame(source.info.frameStart),
      OPEN_TIMEOUT_MS,
      'Decoding the first frame',
    );
  } catch (error) {
    source.dispose();
    if (error instanceof MediaError && error.code === 'TIMEOUT') throw error;
    throw new MediaError(
      'DECODE_FAILED',
      `${nonEmpty[0]?.name ?? 'The media'} could not be decoded.`,
      { cause: error },
    );
  }
  return source;
}
