// window.reelsync.color: the looks (per-source input space, CDL, look LUT) and the display stage
// (view transform, display LUT, 3D LUT interpolation, false color, zebra), through the color feature (docs/color.md).
import type { App } from '../App';
import { mountedPart } from './mounted';
import type { ColorScripting } from '../features/color/scripting';

export type ReelSyncColorApi = ColorScripting;

export function createColorApi(app: App): ReelSyncColorApi {
  const color = mountedPart(app, 'color', 'the color feature is not mounted');
  return Object.freeze({
    looks: () => color().looks(),
    sourceLook: () => color().sourceLook(),
    display: () => color().display(),
    setInputSpace: (name) => color().setInputSpace(name),
    setLookSpace: (name) => color().setLookSpace(name),
    setCdl: (cdl) => color().setCdl(cdl),
    importCdl: (text, id) => color().importCdl(text, id),
    exportCdl: () => color().exportCdl(),
    loadLookLut: (file) => color().loadLookLut(file),
    loadDisplayLut: (file) => color().loadDisplayLut(file),
    clearLookLut: () => color().clearLookLut(),
    clearDisplayLut: () => color().clearDisplayLut(),
    setDisplayTransform: (name) => color().setDisplayTransform(name),
    setLutInterpolation: (name) => color().setLutInterpolation(name),
    setFalseColor: (on) => color().setFalseColor(on),
    setZebra: (on) => color().setZebra(on),
    resetSourceLook: () => color().resetSourceLook(),
  } satisfies ReelSyncColorApi);
}
