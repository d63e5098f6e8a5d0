// Opens local files as a MediaSource: one video file, or one or more images (a sequence of
// PNG/JPEG, or of OpenEXR or DPX decoded in a worker pool).
import { ImageSequenceSource } from './ImageSequenceSource';
import type { VfxFormat } from './images/decodeVfx';
import { VfxDecoder } from './images/VfxDecoder';
import { MediaError, withTimeout } from './MediaError';
import { PRORES_FORMATS, readMp4Info } from './mp4Info';
import { insecureVideoMessage, secureContextProblem, type PageAddress } from './secureContext';
import { VideoSource, fileReader } from './VideoSource';
import type { RemoteMedia } from './remoteMedia';
import type { MediaSource } from './types';

export { MediaError } from './MediaError';
export type { MediaErrorCode } from './MediaError';
export type { RemoteMedia } from './remoteMedia';

/** Extensions (lower case, no dot) opened as video through mediabunny + WebCodecs. */
export const VIDEO_EXTENSIONS = ['mp4', 'm4v', 'mov', 'webm', 'mkv', 'ogv', 'ts', 'mts'] as const;
/** Extensions opened as still images through createImageBitmap. */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg'] as const;
/** Extensions of film/VFX images, decoded to scene-linear float in decode workers. */
export const VFX_EXTENSIONS = ['exr', 'dpx'] as const;
/** For a file picker's `accept` attribute. */
export const ACCEPTED_FILE_TYPES = [...VIDEO_EXTENSIONS, ...IMAGE_EXTENSIONS, ...VFX_EXTENSIONS]
  .map((ext) => `.${ext}`)
  .join(',');

/** Opening (parsing + decoding the first frame) longer than this counts as undecodable. */
const OPEN_TIMEOUT_MS = 20_000;

export type FileCategory = 'video' | 'image' | 'vfx' | 'unsupported';

/** The VFX image format of a file by its first bytes (EXR 76 2f 31 01, DPX SDPX/XPDS). */
export function studioImageFormat(head: Uint8Array): VfxFormat | null {
  const [a, b, c, d] = head;
  if (a === 0x76 && b === 0x2f && c === 0x31 && d === 0x01) return 'exr';
  const magic = String.fromCharCode(...head.subarray(0, 4));
  if (magic === 'SDPX' || magic === 'XPDS') return 'dpx';
  return null;
}

/** The VFX format of a file: by extension, else (a name that says nothing) by its first bytes. */
async function vfxFormatOf(file: File): Promise<VfxFormat | null> {
  const ext = extensionOf(file.name);
  if (ext === 'exr' || ext === 'dpx') return ext;
  if (categorizeFile(file) !== 'unsupported') return null;
  return studioImageFormat(new Uint8Array(await file.slice(0, 4).arrayBuffer()));
}

/** The refusal for a format browsers cannot decode: why, and what to do instead. */
export function notDecodableInBrowsers(format: string, fileName: string, video: boolean): string {
  const convert = video
    ? `Convert it to H.264, VP9 or AV1 (e.g. ffmpeg -i ${fileName} -c:v libx264 -pix_fmt yuv420p out.mp4) and open that file.`
    : 'Convert the frames to PNG or JPEG (or the shot to an H.264 movie) and open those.';
  return `${format} is not decodable in browsers, so ${fileName} cannot be shown. ${convert} (Once the room media library lands, adding it to the room will make a proxy for you.)`;
}

/** Rejects with a clear MediaError when a file is ProRes. */
async function refuseProRes(files: readonly File[]): Promise<void> {
  for (const file of files) {
    const ext = extensionOf(file.name);
    if (['mov', 'mp4', 'm4v'].includes(ext)) {
      const info = await readMp4Info(fileReader(file), file.size).catch(() => null);
      if (info?.videoFormats.some((fourCc) => PRORES_FORMATS.has(fourCc))) {
        throw new MediaError(
          'UNSUPPORTED_CODEC',
          notDecodableInBrowsers('ProRes', file.name, true),
        );
      }
    }
  }
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Classifies a file by MIME type, falling back to its extension (drag-and-drop often has no type). */
export function categorizeFile(file: { name: string; type: string }): FileCategory {
  const type = file.type.toLowerCase();
  if (type === 'image/png' || type === 'image/jpeg') return 'image';
  if (type.startsWith('video/')) return 'video';
  const ext = extensionOf(file.name);
  if ((VIDEO_EXTENSIONS as readonly string[]).includes(ext)) return 'video';
  if ((IMAGE_EXTENSIONS as readonly string[]).includes(ext)) return 'image';
  if ((VFX_EXTENSIONS as readonly string[]).includes(ext)) return 'vfx';
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
  await refuseProRes(nonEmpty);
  const formats = await Promise.all(nonEmpty.map((file) => vfxFormatOf(file)));
  const categories = nonEmpty.map((file, i) => (formats[i] ? 'vfx' : categorizeFile(file)));
  const unsupported = nonEmpty.find((_, i) => categories[i] === 'unsupported');
  if (unsupported) {
    throw new MediaError(
      'UNSUPPORTED_TYPE',
      `${unsupported.name} is not a supported file type (video: ${VIDEO_EXTENSIONS.join(', ')}; images: ${[...IMAGE_EXTENSIONS, ...VFX_EXTENSIONS].join(', ')}).`,
    );
  }
  const vfxFormat = formats[0] ?? null;
  if (formats.some((format) => format !== vfxFormat)) {
    throw new MediaError(
      'UNSUPPORTED_TYPE',
      'Open one kind of image at a time: an OpenEXR sequence, a DPX sequence, or PNG/JPEG images.',
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
    : vfxFormat
      ? ImageSequenceSource.open(nonEmpty, undefined, new VfxDecoder(vfxFormat))
      : ImageSequenceSource.open(nonEmpty);
  return firstFrameShown(opening, nonEmpty[0]?.name ?? 'the media');
}

/**
 * Opens a video streamed over HTTP (range requests, no full download) and decodes its first
 * frame. Rejects with MediaError like openMediaFiles, or REFUSED / NETWORK (remoteMedia.ts).
 * The fingerprint is the one given (a room library item's id), never recomputed.
 */
export async function openRemoteMedia(remote: RemoteMedia): Promise<MediaSource> {
  const problem = secureContextProblem();
  if (problem) {
    const address = (globalThis as { location?: PageAddress }).location;
    throw new MediaError('INSECURE_CONTEXT', insecureVideoMessage(remote.name, problem, address));
  }
  return firstFrameShown(VideoSource.openRemote(remote), remote.name);
}

/** A video kept as a Blob (a kept copy of a room library item) with its known fingerprint. */
export interface KeptMedia {
  blob: Blob;
  name: string;
  fingerprint: string;
}

/** Opens a kept copy (no network, no re-hash) and decodes its first frame. */
export async function openKeptMedia(kept: KeptMedia): Promise<MediaSource> {
  const problem = secureContextProblem();
  if (problem) {
    const address = (globalThis as { location?: PageAddress }).location;
    throw new MediaError('INSECURE_CONTEXT', insecureVideoMessage(kept.name, problem, address));
  }
  return firstFrameShown(VideoSource.openBlob(kept.blob, kept.name, kept.fingerprint), kept.name);
}

/** Waits for an opening source and its first frame, each within OPEN_TIMEOUT_MS. */
async function firstFrameShown(opening: Promise<MediaSource>, name: string): Promise<MediaSource> {
  let source: MediaSource;
  try {
    source = await withTimeout(opening, OPEN_TIMEOUT_MS, `Opening ${name}`);
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
    // A streamed frame the server refused or the network lost: say that, not "broken file".
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause instanceof MediaError && (cause.code === 'REFUSED' || cause.code === 'NETWORK'))
      throw cause;
    throw new MediaError('DECODE_FAILED', `${name} could not be decoded.`, { cause: error });
  }
  return source;
}
