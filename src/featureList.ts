// The features the player mounts (each in src/features/<name>/, its contract in src/feature.ts):
// adding a feature adds its mount here.
import type { FeatureMount } from './feature';
import { mountAnnotations } from './features/annotations/mount';
import { mountAudio } from './features/audio/mount';
import { mountColor } from './features/color/mount';
import { mountCompare } from './features/compare/mount';
import { mountCursors } from './features/cursors/mount';
import { mountDeepLink } from './features/deepLink/mount';
import { mountDevices } from './features/devices/mount';
import { mountImageFormat } from './features/imageFormat/mount';
import { mountLibrary } from './features/library/mount';
import { mountLiveStream } from './features/liveStream/mount';
import { mountMediaIdentity } from './features/mediaIdentity/mount';
import { mountNotes } from './features/notes/mount';
import { mountPlaylist } from './features/playlist/mount';
import { mountRoom } from './features/room/mount';
import { mountScopes } from './features/scopes/mount';
import { mountSecureContext } from './features/secureContext/mount';
import { mountSignIn } from './features/signIn/mount';
import { mountVfxImages } from './features/vfxImages/mount';

/**
 * The features the App mounts, in this order (each in src/features/<name>/, see src/feature.ts).
 * The room comes first so the help overlay lists its Network group after the player's shortcuts.
 */
export const FEATURES: readonly FeatureMount[] = [
  // First: it unwraps a web+reelsync: link into the ?room=… the room feature reads.
  mountDeepLink,
  mountRoom,
  mountAnnotations,
  mountNotes,
  mountLibrary,
  mountPlaylist,
  mountCursors,
  mountAudio,
  mountMediaIdentity,
  mountSecureContext,
  mountVfxImages,
  mountDevices,
  mountLiveStream,
  mountColor,
  mountScopes,
  mountCompare,
  mountSignIn,
  mountImageFormat,
];
