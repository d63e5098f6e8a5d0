// window.reelsync.images: the OpenEXR/DPX picture settings of the media on screen (layer/AOV,
// overscan), through the same command as the header's controls (docs/scripting.md).
import type { App } from '../App';
import type { ExrWindowMode } from '../core/media/images/exrDecode';
import { applyVfxSettings, vfxSequenceOf } from '../features/vfxImages/model';
import { vfxTarget } from '../features/vfxImages/mount';

export interface ReelSyncImagesApi {
  /** 'exr' or 'dpx' when the media on screen is such a sequence, else null. */
  readonly format: 'exr' | 'dpx' | null;
  /** Layer labels of the EXR on screen ('RGBA', 'diffuse', …); [] for other media. */
  readonly layers: readonly string[];
  /** The layer shown, or null. */
  readonly layer: string | null;
  /** 'display' (overscan cropped, the default) or 'overscan' (the whole data window). */
  readonly window: ExrWindowMode | null;
  /** True when the EXR on screen has data outside its display window. */
  readonly hasOverscan: boolean;
  /** Shows a layer; resolves once the current frame shows it; rejects for an unknown layer. */
  setLayer(label: string): Promise<void>;
  /** Shows or crops the overscan; resolves once the current frame shows it. */
  setWindow(mode: ExrWindowMode): Promise<void>;
}

export function createImagesApi(app: App): ReelSyncImagesApi {
  const target = vfxTarget({ session: app.session, viewer: app.viewer });
  const decoder = () => vfxSequenceOf(app.session.media)?.decoder ?? null;
  return Object.freeze({
    get format() {
      return decoder()?.format ?? null;
    },
    get layers() {
      return [...(decoder()?.layers ?? [])];
    },
    get layer() {
      return decoder()?.layer ?? null;
    },
    get window() {
      return decoder()?.window ?? null;
    },
    get hasOverscan() {
      return decoder()?.overscan ?? false;
    },
    setLayer: (label: string) => applyVfxSettings(target, { layer: label }),
    setWindow: (mode: ExrWindowMode) => applyVfxSettings(target, { window: mode }),
  });
}
