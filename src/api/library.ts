// window.reelsync.library and window.reelsync.audio: the room library's and audio review's
// scripting (docs/media-library.md, docs/audio.md), through their features once mounted.
import type { App } from '../App';
import { mountedPart } from './mounted';
import type { LibraryScripting } from '../features/library/scripting';
import type { AudioScripting } from '../features/audio/scripting';

/** window.reelsync.library: the room library's items, this page's uploads, and its actions. */
export type ReelSyncLibraryApi = LibraryScripting;

export function createLibraryApi(app: App): ReelSyncLibraryApi {
  const library = mountedPart(app, 'library', 'the room library is not mounted');
  const libraryApi: ReelSyncLibraryApi = {
    list: () => library().list(),
    uploads: () => library().uploads(),
    add: (files) => library().add(files),
    addUrl: (url) => library().addUrl(url),
    remove: (id) => library().remove(id),
    open: (id) => library().open(id),
    setParticipantsMayAdd: (allowed) => library().setParticipantsMayAdd(allowed),
  };
  return Object.freeze(libraryApi);
}

export function createAudioApi(app: App): AudioScripting {
  const audio = mountedPart(app, 'audio', 'the audio feature is not mounted');
  const audioApi: AudioScripting = {
    settings: () => audio().settings(),
    message: () => audio().message(),
    soundtrackReady: () => audio().soundtrackReady(),
    setSlip: (value, unit) => audio().setSlip(value, unit),
    setSoundtrackOffset: (value, unit) => audio().setSoundtrackOffset(value, unit),
    attachSoundtrack: (file) => audio().attachSoundtrack(file),
    removeSoundtrack: () => audio().removeSoundtrack(),
    capture: (ms) => audio().capture(ms),
    openPanel: (open) => audio().openPanel(open),
  };
  return Object.freeze(audioApi);
}
