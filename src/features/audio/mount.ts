// The audio feature in the App: the player's sound (AudioEngine: 1x playback, step/scrub grains,
// pitch-corrected speeds), volume/mute sync (AudioSyncBinding), per-media slip and soundtrack
// (AudioReviewModel, synced in the Audio category), the side panel and window.reelsync.audio.
import { openSoundtrack, type OpenedSoundtrack } from '../../core/audio/soundtrack';
import { computeFingerprint } from '../../core/media/fingerprint';
import type { FeatureContext } from '../../feature';
import { iconButton, listen } from '../../ui/components/shared/dom';
import { setIcon } from '../../ui/components/shared/Icons';
import { AudioPanel, type AudioPanelState } from './AudioPanel';
import { audioScripting } from './scripting';
import { AudioEngine } from './engine';
import { SoundtrackFetcher } from './soundtrackFetch';
import { AudioSyncBinding } from './audioSync';
import {
  AudioReviewModel,
  parseOffset,
  sampleRateNotice,
  slipProblem,
  soundtrackProblem,
  type OffsetUnit,
} from './model';

type Message = AudioPanelState['message'];

export function mountAudio(context: FeatureContext): () => void {
  const { session, network } = context;
  const binding = new AudioSyncBinding(session, network);
  const model = new AudioReviewModel(network);
  let mediaKey: string | null = session.media?.info.fingerprint ?? null;
  let message: Message = null;
  let progress: number | null = null;
  /** Soundtracks attached on this page, by SHA-256 (no download needed). */
  const localFiles = new Map<string, File>();
  const fetcher = new SoundtrackFetcher(network);
  let loadingId: string | null = null;

  const settings = () => model.settings(mediaKey);
  const engine = new AudioEngine(session, settings, (error) => {
    const what = settings().soundtrack?.name ?? session.media?.info.name ?? 'the media';
    show({
      kind: 'error',
      text: `The sound of ${what} could not be decoded (${errorText(error)}); the picture plays on without it.`,
    });
  });

  const panel = new AudioPanel({
    setSlip: (text, unit) => setOffset('slip', text, unit),
    setSoundtrackOffset: (text, unit) => setOffset('soundtrack', text, unit),
    attach: (file) => void attach(file),
    removeSoundtrack: () => {
      if (mediaKey) model.update(mediaKey, { soundtrack: null });
      show(null);
    },
  });

  const pictureSeconds = (): number => {
    const info = session.media?.info;
    return info ? (info.frameEnd - info.frameStart + 1) / info.fps : 0;
  };

  function show(next: Message): void {
    message = next;
    render();
  }

  function render(): void {
    const media = session.media;
    const current = settings();
    panel.render({
      mediaName: media?.info.name ?? null,
      fps: media?.info.fps ?? 24,
      hasOwnSound: Boolean(media?.info.hasAudio && media.audio),
      slipMs: current.slipMs,
      soundtrack: current.soundtrack
        ? { name: current.soundtrack.name, offsetMs: current.soundtrack.offsetMs }
        : null,
      progress,
      syncing: network.roomCode !== null && network.settings.audio,
      message,
    });
  }

  /** Applies a typed slip or soundtrack offset; refused with a message when it hears nothing. */
  function setOffset(which: 'slip' | 'soundtrack', text: string, unit: OffsetUnit): boolean {
    const refuse = (refusal: Message): false => {
      show(refusal);
      return false;
    };
    const media = session.media;
    if (!media || !mediaKey) return refuse(identifying());
    const parsed = parseOffset(text, unit, media.info.fps);
    if ('error' in parsed) return refuse({ kind: 'error', text: parsed.error });
    const name = media.info.name;
    if (which === 'slip') {
      const problem = slipProblem(parsed.ms, pictureSeconds(), name);
      if (problem) return refuse({ kind: 'error', text: problem });
      model.update(mediaKey, { slipMs: parsed.ms });
      show(null);
      return true;
    }
    const soundtrack = settings().soundtrack;
    if (!soundtrack)
      return refuse({ kind: 'error', text: 'Attach a soundtrack first, then set its offset.' });
    const opened = engine.currentSoundtrack?.opened;
    const problem = opened
      ? soundtrackProblem(parsed.ms, opened.durationS, pictureSeconds(), {
          sound: soundtrack.name,
          media: name,
        })
      : null;
    if (problem) return refuse({ kind: 'error', text: problem });
    model.update(mediaKey, { soundtrack: { ...soundtrack, offsetMs: parsed.ms } });
    show(null);
    return true;
  }

  const identifying = (): Message => ({
    kind: 'notice',
    text: session.media
      ? `${session.media.info.name} is still being identified (its fingerprint is computed); try again in a moment.`
      : 'Open a video or an image sequence first, then attach its soundtrack.',
  });

  /** Attaches a local sound file: checked by decoding it here first; then shared via the library. */
  async function attach(file: File): Promise<boolean> {
    const key = mediaKey;
    if (!session.media || !key) {
      show(identifying());
      return false;
    }
    progress = 0;
    show({ kind: 'notice', text: `Reading ${file.name}…` });
    let opened: OpenedSoundtrack;
    let id: string;
    try {
      [opened, id] = await Promise.all([
        openSoundtrack(file.name, file),
        computeFingerprint([file]),
      ]);
    } catch (error) {
      progress = null;
      show({ kind: 'error', text: `${errorText(error)} The current sound is kept.` });
      return false;
    }
    progress = null;
    localFiles.set(id, file);
    engine.setSoundtrack({ id, opened });
    model.update(key, { soundtrack: { id, name: file.name, offsetMs: 0 } });
    if (network.roomCode && network.settings.audio) context.scripting.library?.add([file]);
    show(notices(opened));
    return true;
  }

  /** What to tell about a soundtrack that plays (another sample rate, outside the picture). */
  function notices(opened: OpenedSoundtrack): Message {
    const media = session.media;
    const soundtrack = settings().soundtrack;
    if (!media || !soundtrack) return null;
    const names = { sound: opened.name, media: media.info.name };
    const outside = soundtrackProblem(
      soundtrack.offsetMs,
      opened.durationS,
      pictureSeconds(),
      names,
    );
    if (outside) return { kind: 'error', text: outside };
    const rate = sampleRateNotice(opened.sampleRate, media.audio?.sampleRate ?? null, names);
    return rate ? { kind: 'notice', text: rate } : null;
  }

  /** Loads the soundtrack the settings name when it is not the one playing. */
  async function ensureSoundtrack(): Promise<void> {
    const wanted = settings().soundtrack;
    if (!wanted) {
      loadingId = null;
      progress = null;
      engine.setSoundtrack(null);
      return render();
    }
    if (engine.currentSoundtrack?.id === wanted.id || loadingId === wanted.id) return;
    loadingId = wanted.id;
    try {
      const local = localFiles.get(wanted.id);
      const blob =
        local ??
        (await fetcher.fetch(wanted.id, wanted.name, (fraction, text) => {
          if (loadingId !== wanted.id) return;
          progress = fraction;
          show({ kind: 'notice', text });
        }));
      if (loadingId !== wanted.id) return;
      const opened = await openSoundtrack(wanted.name, blob);
      if (loadingId !== wanted.id) return opened.dispose();
      loadingId = null;
      progress = null;
      engine.setSoundtrack({ id: wanted.id, opened });
      show(notices(opened));
    } catch (error) {
      if (loadingId !== wanted.id) return;
      loadingId = null;
      progress = null;
      show({ kind: 'error', text: `${errorText(error)} The picture plays on without sound.` });
    }
  }

  const onMedia = (): void => {
    const media = session.media;
    mediaKey = media?.info.fingerprint ?? null;
    message = null;
    if (media && !mediaKey)
      void media.fingerprint().then(
        (fingerprint) => {
          if (session.media !== media) return;
          mediaKey = fingerprint;
          engine.refresh();
          void ensureSoundtrack();
          render();
        },
        () => undefined,
      );
    void ensureSoundtrack();
    render();
  };

  const toggle = iconButton('Audio: slip, soundtrack, scrubbing sound', { testId: 'audio-button' });
  setIcon(toggle, 'volume');
  toggle.setAttribute('aria-pressed', 'false');
  context.header.librarySlot.append(toggle);
  const setOpen = (open: boolean): void => {
    if (open === panel.element.isConnected) return;
    if (open) {
      context.side.append(panel.element);
      render();
    } else panel.element.remove();
    toggle.setAttribute('aria-pressed', String(open));
  };

  const cleanups = [
    listen(toggle, 'click', () => setOpen(!panel.element.isConnected)),
    session.on('mediaChanged', onMedia),
    model.on('changed', () => {
      engine.refresh();
      void ensureSoundtrack();
      render();
    }),
    network.on('audioTracksChanged', (tracks) => model.applyRoom(tracks)),
    network.on('settingsChanged', render),
    network.on('libraryChanged', () => {
      if (loadingId) fetcher.libraryChanged();
    }),
  ];
  context.scripting.audio = audioScripting({
    engine,
    model,
    session,
    mediaKey: () => mediaKey,
    setOffset,
    attach,
    message: () => message,
    open: setOpen,
  });
  onMedia();

  return () => {
    for (const cleanup of cleanups) cleanup();
    context.scripting.audio = null;
    fetcher.dispose();
    panel.dispose();
    toggle.remove();
    engine.dispose();
    binding.dispose();
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
