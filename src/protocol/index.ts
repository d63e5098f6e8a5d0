// ReelSync wire protocol: schemas, static types, validators, ids, constants. Pure (no DOM,
// no Node APIs), imported by the player, the server and tests alike.
export {
  PROTOCOL_VERSION,
  SYNC_PATH,
  ERROR_CODES,
  ERROR_CODE_LIST,
  CLOSE_CODES,
  isErrorCode,
  isFatalCloseCode,
  type ErrorCode,
  type CloseCodeName,
} from './constants';
export {
  ROOM_CODE_ALPHABET,
  ROOM_CODE_PATTERN,
  MESSAGE_ID_PATTERN,
  MAX_DISPLAY_NAME_LENGTH,
  createMessageId,
  createRoomCode,
  createToken,
  randomString,
  isValidRoomCode,
  normalizeRoomCode,
  sanitizeDisplayName,
  sanitizeMediaName,
  MAX_MEDIA_NAME_LENGTH,
} from './ids';
export * from './schemas/common';
export * from './schemas/playlist';
export * from './schemas/compare';
export * from './schemas/room';
export {
  ClientMessageSchemas,
  ClientMessageSchema,
  CLIENT_MESSAGE_TYPES,
  CLIENT_MESSAGE_CATEGORY,
  CLIENT_CHANGE_TYPES,
  isClientChange,
  type ClientChange,
  type ClientChangeType,
  type ClientMessage,
  type ClientMessageOf,
  type ClientMessageType,
  type ClientPayload,
  type MessageCategory,
} from './schemas/client';
export {
  ServerMessageSchemas,
  ServerMessageSchema,
  ServerChangeSchemas,
  ServerChangeSchema,
  SERVER_MESSAGE_TYPES,
  SERVER_CHANGE_TYPES,
  isServerChange,
  LiveBatchSchema,
  LIVE_BATCH_MAX,
  type LiveBatch,
  type ServerMessage,
  type ServerMessageOf,
  type ServerMessageType,
  type ServerPayload,
  type ServerChange,
  type ServerChangeType,
} from './schemas/server';
export {
  parseClientMessage,
  parseServerMessage,
  parseServerFrame,
  validateClientMessage,
  validateServerMessage,
  isClientMessageType,
  isServerMessageType,
  unpreparedServerTypes,
  prepareServerValidator,
  checkRoomState,
  checkLookState,
  type ParseResult,
  type ProtocolError,
} from './parse';
export {
  createClientMessage,
  createServerMessage,
  serializeMessage,
  type ClientEnvelopeOptions,
  type ServerEnvelopeOptions,
} from './messages';
export { protocolJsonSchemas } from './jsonSchema';
export { applyServerChange, roomLibrary } from './roomState';
export { roomPlaylist, moveItem, notAShot, sanitizePlaylistName } from './playlistState';
export {
  SYNC_CATEGORIES,
  SYNC_CATEGORY_NAMES,
  MOTION_CATEGORIES,
  VIEW_CATEGORIES,
  DEFAULT_IMAGE_FORMAT,
  isSyncCategory,
  lockedCategory,
  mergeMotion,
  mergeView,
  motionCategories,
  viewCategories,
  sameFormat,
  type MotionCategory,
  type ViewCategory,
} from './syncCategories';
export {
  DEFAULT_MOTION,
  DEFAULT_VIEW,
  DEFAULT_COLOR_ADJUSTMENTS,
  DEFAULT_AUDIO,
  DEFAULT_ROOM_SETTINGS,
  EMPTY_PLAYLIST_FIELDS,
  createDefaultRoomState,
} from './defaults';
export {
  LINK_SCHEME,
  LINK_PARAM,
  DEEP_LINK_PARAMS,
  parseDeepLink,
  movesPlayhead,
  buildDeepLink,
  buildProtocolLink,
  protocolHandlerUrl,
  unwrapProtocolLink,
  withoutDeepLinkParams,
  type DeepLinkTarget,
  type ParsedDeepLink,
  type Unwrapped,
} from './deepLinks';
export {
  LIVE_PATH,
  LIVE_HEADER_BYTES,
  LIVE_MAX_SIDE,
  LIVE_ENCODINGS,
  encodeLiveFrame,
  decodeLiveFrame,
  coversImage,
  exrDisplaySize,
  type LiveEncoding,
  type LiveFrameHeader,
  type LiveFrameParse,
} from './liveFrames';
