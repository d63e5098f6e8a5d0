// The ReelSync SDK (browser and Node): `import { ReelSyncClient } from 'reelsync/sdk'`. In Node
// (no global WebSocket before Node 22) import 'reelsync/sdk/node', which passes `ws`.
export { ReelSyncClient } from './client';
export type { ClientEvents, ConnectOptions, RoomInfo } from './types';
export { ReelSyncError, type ClientErrorCode, type ReelSyncErrorCode } from './errors';
export { exportNotes, NOTES_FORMATS, type NotesFormat } from './notesExport';
export { frameAtTime } from './motion';
export { RoomLibrary, type MediaToken } from './library';
export { RoomPlaylistClient } from './playlist';
export type { WebSocketFactory, WebSocketLike } from './socket';
export type {
  LibraryItem,
  LibraryItemInput,
  Motion,
  Note,
  Role,
  RoomState,
  User,
} from '../src/protocol/index';
