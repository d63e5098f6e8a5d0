// The ffmpeg module (docs/media-proxies.md): probing, browser-playability, thumbnails, proxies and
// the bounded job queue that runs them. The rest of the server imports from here only.
export { MediaToolError, isMediaToolError, type MediaToolErrorCode } from './errors';
export {
  checkMediaTools,
  defaultToolPaths,
  describeMissingTools,
  type MediaToolPaths,
  type MediaToolsStatus,
} from './tools';
export { probeMedia, type ProbeOptions, type ProbeResult } from './probe';
export { browserPlayable } from './playable';
