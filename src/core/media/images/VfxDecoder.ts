// Decodes the files of an OpenEXR or DPX sequence through the shared worker pool, holding the
// picture settings (EXR layer, display window or overscan) the next decodes use.
import { EventEmitter } from '../../../utils/EventEmitter';
import { MediaError } from '../MediaError';
import type { SequenceDecoder } from '../ImageSequenceSource';
import type { ImageDecodeError } from './decodeError';
import { sharedDecodePool, type DecodePool } from './DecodePool';
import type { VfxFormat, VfxImage } from './decodeVfx';
import type { ExrWindowMode } from './exrDecode';
import { dpxWordsWanted } from './packedImage';

/** Half-float RGBA (10-bit DPX words take 4: the budget stays the larger). */
const BYTES_PER_PIXEL = 8;

export type VfxDecoderEvents = {
  /** The layers offered, the layer shown or the window mode changed. */
  changed: undefined;
};

export class VfxDecoder
  extends EventEmitter<VfxDecoderEvents>
  implements SequenceDecoder<VfxImage>
{
  readonly bytesPerPixel = BYTES_PER_PIXEL;
  readonly uniformSize = true;
  private layerList: string[] = [];
  private chosenLayer: string | null = null;
  private windowMode: ExrWindowMode = 'display';
  private hasOverscan = false;

  constructor(
    readonly format: VfxFormat,
    private readonly pool: DecodePool = sharedDecodePool(),
  ) {
    super();
  }

  /** Layer labels of the last decoded file (EXR), e.g. ['RGBA', 'depth', 'diffuse']. */
  get layers(): readonly string[] {
    return this.layerList;
  }

  /** The layer shown (null until the first decode picks the default). */
  get layer(): string | null {
    return this.chosenLayer;
  }

  /** Crop to the display window ('display') or show the overscan too ('overscan'). */
  get window(): ExrWindowMode {
    return this.windowMode;
  }

  /** The last decoded file has data outside its display window. */
  get overscan(): boolean {
    return this.hasOverscan;
  }

  /** Sets what the next decodes show; the source must redecode for it to appear. */
  configure(settings: { layer?: string; window?: ExrWindowMode }): void {
    if (settings.layer !== undefined) this.chosenLayer = settings.layer;
    if (settings.window !== undefined) this.windowMode = settings.window;
    this.emit('changed', undefined);
  }

  get parallel(): number {
    return this.pool.size;
  }

  async decode(file: File, signal: AbortSignal): Promise<VfxImage> {
    try {
      const picture = await this.pool.decode(
        file,
        this.format,
        { layer: this.chosenLayer, window: this.windowMode, dpxWords: dpxWordsWanted() },
        signal,
      );
      const changed =
        picture.layers.join('\n') !== this.layerList.join('\n') ||
        this.chosenLayer === null ||
        picture.overscan !== this.hasOverscan;
      this.layerList = picture.layers;
      this.chosenLayer ??= picture.layer;
      this.hasOverscan = picture.overscan;
      if (changed) this.emit('changed', undefined);
      return picture.image;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      const reason = (error as Partial<ImageDecodeError>).reason;
      const code = (error as Partial<ImageDecodeError>).code;
      throw new MediaError(
        code === 'UNSUPPORTED' ? 'UNSUPPORTED_CODEC' : 'DECODE_FAILED',
        `${file.name} cannot be shown: ${reason ?? 'it could not be decoded'}.`,
        { cause: error },
      );
    }
  }

  release(): void {
    // Plain memory: the garbage collector frees it.
  }
}
