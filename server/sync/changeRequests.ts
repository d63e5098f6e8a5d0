// Maps state-changing client messages to store change requests.
import type { ClientChange } from '../../src/protocol/index';
import type { ChangeRequest } from '../store/RoomStore';

export function toChangeRequest(message: ClientChange): ChangeRequest {
  switch (message.type) {
    case 'room.settings':
      return { kind: 'settings', settings: message.payload.settings };
    case 'sync.playback':
      return {
        kind: 'playback',
        motion: message.payload.motion,
        baseVersion: message.payload.baseVersion,
      };
    case 'sync.frame':
      return {
        kind: 'frame',
        frame: message.payload.frame,
        baseVersion: message.payload.baseVersion,
      };
    case 'sync.view':
      return { kind: 'view', view: message.payload.view };
    case 'sync.color':
      return { kind: 'color', color: message.payload.color };
    case 'sync.audio':
      return { kind: 'audio', audio: message.payload.audio };
    case 'sync.compare':
      return { kind: 'compare', compare: message.payload.compare };
    case 'sync.stereo':
      return { kind: 'stereo', stereo: message.payload.stereo };
    case 'sync.audioTrack':
      return {
        kind: 'audioTrack',
        media: message.payload.media,
        settings: message.payload.settings,
      };
    case 'sync.media':
      return { kind: 'media', media: message.payload.media };
    case 'sync.annotation':
      return { kind: 'annotation', op: message.payload };
    case 'sync.note':
      return { kind: 'note', op: message.payload };
    case 'library.add':
      return { kind: 'library.add', item: message.payload.item };
    case 'library.remove':
      return { kind: 'library.remove', id: message.payload.id };
    case 'library.open':
      return { kind: 'library.open', id: message.payload.id };
    case 'room.setLibraryPolicy':
      return { kind: 'library.policy', participantsMayAdd: message.payload.participantsMayAdd };
    case 'playlist.add':
      return {
        kind: 'playlist.add',
        items: message.payload.items,
        ...(message.payload.index === undefined ? {} : { index: message.payload.index }),
      };
    case 'playlist.remove':
      return { kind: 'playlist.remove', id: message.payload.id };
    case 'playlist.move':
      return { kind: 'playlist.move', id: message.payload.id, index: message.payload.index };
    case 'playlist.rename':
      return { kind: 'playlist.rename', id: message.payload.id, name: message.payload.name };
    case 'playlist.setCurrent':
      return {
        kind: 'playlist.current',
        id: message.payload.id,
        ...(message.payload.keepFrame ? { keepFrame: true } : {}),
        ...(message.payload.advance ? { advance: message.payload.advance } : {}),
      };
    case 'playlist.setPolicy':
      return { kind: 'playlist.policy', policy: message.payload };
  }
}
