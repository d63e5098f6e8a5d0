// window.reelsync.format: the image format — pixel aspect, rotation, flip and flop, the crop /
// letterbox mask and its opacity (docs/scripting.md, docs/image-format.md), through the image
// format feature.
import type { App } from '../App';
import { mountedPart } from './mounted';
import type { FormatScripting } from '../features/imageFormat/scripting';

export type ReelSyncFormatApi = FormatScripting;

export function createFormatApi(app: App): ReelSyncFormatApi {
  const format = mountedPart(app, 'format', 'the image format is not mounted');
  return Object.freeze({
    state: () => format().state(),
    set: (...args: Parameters<FormatScripting['set']>) => format().set(...args),
    rotate: (degrees: number) => format().rotate(degrees),
    reset: () => format().reset(),
    setPanel: (open: boolean) => format().setPanel(open),
  });
}
