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
export { makeThumbnail, THUMBNAIL_MAX_WIDTH, type ThumbnailOptions } from './thumbnail';
export { makeProxy, proxyArgs, PROXY_GOP, type ProxyOptions } from './proxy';
export {
  MediaJobQueue,
  type MediaJob,
  type MediaJobContext,
  type MediaJobEnd,
  type MediaJobQueueEvents,
  type MediaJobQueueOptions,
} from './queue';
