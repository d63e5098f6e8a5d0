// The looks of the player: every change goes through the viewer's color state (so it syncs in the
// Color category with the grade controls), is checked first (a bad name, CDL or LUT throws a
// LookFileError and the previous look stays), and LUT files are read here and offered to the
// room library so every participant applies the same bytes.
import { hashMediaParts } from '../../core/media/fingerprintHash';
import type { MediaInfo } from '../../core/media/types';
import type { Playback } from '../../core/playback/Playback';
import type { DisplaySettings, LookState, LutRef, SourceLook } from '../../protocol/index';
import { DEFAULT_COLOR } from '../../render/color';
import { formatCdl, parseCdl, type Cdl } from '../../render/look/cdl';
import { LookFileError } from '../../render/look/lookFileError';
import type { ResolvedLook } from '../../render/look/reference';
import type { Viewer } from '../../ui/components/Viewer';
import type { LutStore } from './LutStore';
import {
  checkCdl,
  checkDisplayTransform,
  checkLutInterpolation,
  checkInputSpace,
  checkLookSpace,
  displayOf,
  gradeOf,
  isNeutralGrade,
  lookFileKind,
  sameGrade,
  sourceKeys,
  sourceLookOf,
  withDisplay,
  withSourceLook,
  type DisplayPatch,
  type SourceLookPatch,
} from './model';

export type LutTarget = 'look' | 'display';

export interface LookControllerDeps {
  viewer: Viewer;
  session: Playback;
  luts: LutStore;
  /** Puts a LUT file (library id `id`) in the room library (no-op outside a room). */
  share(file: File, id: string): void;
}

export class LookController {
  constructor(private readonly deps: LookControllerDeps) {}

  get looks(): LookState | undefined {
    return this.deps.viewer.color.look;
  }

  get keys(): string[] {
    return sourceKeys(this.deps.session.media?.info ?? null);
  }

  get sourceLook(): SourceLook {
    return sourceLookOf(this.looks, this.keys);
  }

  get display(): DisplaySettings {
    return displayOf(this.looks);
  }

  /**
   * What the viewer applies to the source on screen, or to `info`'s source when given (LUTs not
   * read yet are left out).
   */
  resolve(looks: LookState | undefined, info?: MediaInfo | null): ResolvedLook {
    const source = sourceLookOf(looks, info ? sourceKeys(info) : this.keys);
    const display = displayOf(looks);
    return {
      source,
      display,
      lookLut: source.lut ? this.deps.luts.get(source.lut) : null,
      displayLut: display.lut ? this.deps.luts.get(display.lut) : null,
    };
  }

  /**
   * Keeps the sliders per source: writes them into the source's look when they differ from
   * what it holds (call on every color change; a no-op once both agree).
   */
  storeGrade(): void {
    if (this.keys.length === 0) return;
    const grade = gradeOf(this.deps.viewer.color);
    const stored = this.sourceLook.grade;
    const neutral = isNeutralGrade(grade);
    if (neutral ? stored === undefined : stored !== undefined && sameGrade(stored, grade)) return;
    this.patchSource({ grade: neutral ? null : grade });
  }

  /** Puts the sliders where the source on screen was left (defaults for a new one). */
  restoreGrade(): void {
    const stored = this.sourceLook.grade;
    this.deps.viewer.setColor(stored ? { ...stored } : gradeOf(DEFAULT_COLOR));
  }

  setInputSpace(name: unknown): void {
    this.patchSource({ inputSpace: checkInputSpace(name) });
  }

  setLookSpace(name: unknown): void {
    this.patchSource({ lookSpace: checkLookSpace(name) });
  }

  setCdl(cdl: Partial<Record<keyof Cdl, unknown>> | null): void {
    this.patchSource({ cdl: cdl === null ? null : checkCdl(cdl) });
  }

  /** Applies the correction `id` (else the first) of a .cdl/.cc/.ccc text. */
  importCdl(text: string, id?: string): void {
    const corrections = parseCdl(text);
    const chosen = id === undefined ? corrections[0] : corrections.find((item) => item.id === id);
    if (!chosen)
      throw new LookFileError(
        'CDL_MISSING_FIELD',
        `no ColorCorrection "${id ?? ''}" (the file has ${corrections.map((item) => `"${item.id}"`).join(', ')})`,
      );
    this.patchSource({ cdl: chosen.cdl });
  }

  exportCdl(): string {
    const cdl = this.sourceLook.cdl;
    const name = this.deps.session.media?.info.name ?? 'look';
    return cdl ? formatCdl([{ id: name.replace(/\.[^.]*$/, ''), cdl }]) : '';
  }

  /**
   * Reads a LUT file (.cube, .3dl, .spi1d, .spi3d) strictly; only a good one replaces the LUT (and
   * goes to the library).
   */
  async loadLut(file: File, target: LutTarget): Promise<LutRef> {
    if (target === 'look' && this.keys.length === 0)
      throw new LookFileError(
        'LOOK_NO_SOURCE',
        'Open a picture first: a look belongs to a source.',
      );
    if (lookFileKind(file.name) === 'cdl')
      throw new LookFileError(
        'LOOK_UNKNOWN_FORMAT',
        'this is an ASC CDL, not a LUT: import it under ASC CDL',
      );
    const text = await file.text();
    const id = await hashMediaParts([file]);
    const ref: LutRef = { id, name: file.name.slice(0, 256) || 'lut.cube' };
    this.deps.luts.add(ref, text, file);
    this.deps.share(file, id);
    if (target === 'look') this.patchSource({ lut: ref });
    else this.patchDisplay({ lut: ref });
    return ref;
  }

  clearLut(target: LutTarget): void {
    if (target === 'look') this.patchSource({ lut: null });
    else this.patchDisplay({ lut: null });
  }

  setDisplayTransform(name: unknown): void {
    this.patchDisplay({ transform: checkDisplayTransform(name) });
  }

  /** How 3D LUTs are interpolated for the room: 'tetrahedral' (default) or 'trilinear'. */
  setLutInterpolation(name: unknown): void {
    this.patchDisplay({ interpolation: checkLutInterpolation(name) });
  }

  setFalseColor(on: boolean): void {
    this.patchDisplay({ falseColor: on === true });
  }

  setZebra(on: boolean): void {
    this.patchDisplay({ zebra: on === true });
  }

  /** Drops the source's input space, CDL and LUT (the sliders have Reset all). */
  resetSource(): void {
    this.patchSource({ inputSpace: 'auto', lookSpace: 'linear', cdl: null, lut: null });
  }

  private patchSource(patch: SourceLookPatch): void {
    this.deps.viewer.setColor({ look: withSourceLook(this.looks, this.keys, patch) });
  }

  private patchDisplay(patch: DisplayPatch): void {
    this.deps.viewer.setColor({ look: withDisplay(this.looks, patch) });
  }
}
