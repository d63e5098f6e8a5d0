// window.reelsync.color (docs/scripting.md): the look of the source on screen and the display
// stage, set by the color feature's mount and read by src/api.
import type { Cdl, DisplaySettings, LookState, SourceLook } from '../../protocol/index';

export interface ColorScripting {
  /** The room's (or, alone, this page's) looks: every source's and the display stage. */
  looks(): LookState;
  /** The look of the source on screen. */
  sourceLook(): SourceLook;
  display(): DisplaySettings;
  /** Input color space of the source on screen ('auto', 'srgb', 'arri-logc3', …). */
  setInputSpace(name: string): void;
  /** Where the CDL and look LUT act: 'linear' or 'acescct'. */
  setLookSpace(name: string): void;
  /** Sets the CDL (missing fields: identity); null removes it. */
  setCdl(cdl: Partial<Cdl> | null): void;
  /** Reads a .cdl/.cc/.ccc text and applies its first correction (or the one with `id`). */
  importCdl(text: string, id?: string): void;
  /** The source's CDL as a .cc file ('' when it has none). */
  exportCdl(): string;
  /**
   * Reads a LUT file (.cube, .3dl, .spi1d or .spi3d), adds it to the room library (in a room) and
   * applies it as the look LUT.
   */
  loadLookLut(file: File): Promise<void>;
  /** Same, as the display LUT. */
  loadDisplayLut(file: File): Promise<void>;
  clearLookLut(): void;
  clearDisplayLut(): void;
  /** 'srgb', 'rec709', 'p3' or 'none'. */
  setDisplayTransform(name: string): void;
  /** How every 3D LUT is interpolated: 'tetrahedral' (default, as OCIO's best) or 'trilinear'. */
  setLutInterpolation(name: string): void;
  setFalseColor(on: boolean): void;
  setZebra(on: boolean): void;
  /** Drops the source's look (input space, CDL, LUT). */
  resetSourceLook(): void;
}
