// How every ffmpeg/ffprobe call opens an input: only local files, only the demuxers of media we
// accept. An uploaded "video" that is really an HLS playlist or a concat list then cannot make
// the server fetch URLs or read other files; it is refused as not media.
import path from 'node:path';

/**
 * Demuxers tried on an input (QuickTime/MP4, Matroska/WebM, MXF, AVI, MPEG-TS, still images, and
 * the sound files of soundtracks: WAV, MP3, FLAC, ADTS AAC, Ogg).
 */
export const ALLOWED_DEMUXERS = [
  'mov',
  'mp4',
  'm4a',
  '3gp',
  '3g2',
  'mj2',
  'matroska',
  'webm',
  'mxf',
  'avi',
  'mpegts',
  'image2',
  'png_pipe',
  'jpeg_pipe',
  'webp_pipe',
  'exr_pipe',
  'tiff_pipe',
  'dpx_pipe',
  'bmp_pipe',
  'gif',
  'wav',
  'mp3',
  'flac',
  'aac',
  'ogg',
].join(',');

/** The arguments before an input file: restrictions, then `-i file:<absolute path>`. */
export function inputArgs(file: string): string[] {
  return [
    '-protocol_whitelist',
    'file',
    '-format_whitelist',
    ALLOWED_DEMUXERS,
    '-i',
    // "file:" keeps a name such as "http:x" or "-y" from being read as a protocol or an option.
    `file:${path.resolve(file)}`,
  ];
}
