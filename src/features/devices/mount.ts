// Control devices in the App (docs/control-devices.md): the header toggle and side panel, the
// mapping table (saved in localStorage), the controller acting on the player (alone or in a room:
// the player's changes sync as any other), and the WebHID, Gamepad and MIDI sources. Notices
// about garbage and lost devices go to the panel and the status area's toasts.
import type { FeatureMount } from '../../feature';
import { iconButton, listen } from '../../ui/components/shared/dom';
import { localStore } from '../../ui/components/shared/storage';
import { ACTION_IDS, ACTIONS } from './actions';
import { DeviceController } from './DeviceController';
import { DevicesPanel } from './DevicesPanel';
import { HidSource, webHid } from './hidSource';
import { MappingTable, describeInput, inputKinds } from './mapping';
import { MidiSource } from './midiSource';
import { PadSource } from './padSource';
import './devices.css';

const DEVICES_ICON =
  '<svg class="rs-icon" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><circle cx="12" cy="12" r="8.5"/><circle cx="12" cy="12" r="3.5"/><path d="M12 3.5v2.5"/></svg>';

export const mountDevices: FeatureMount = (context) => {
  const { session, toasts } = context;
  const mapping = new MappingTable(localStore());
  const controller = new DeviceController(session, mapping);
  const panel = new DevicesPanel();
  const hid = webHid();
  const state = { message: mapping.load(), lastInput: null as string | null, learning: false };

  const render = (): void => {
    if (!panel.element.isConnected) return;
    panel.render({
      devices: [...(hidSource?.devices ?? []), ...pads.devices, ...(midi?.devices ?? [])],
      entries: mapping.entries,
      lastInput: state.lastInput,
      message: state.message,
      learning: state.learning,
      hidSupported: hid !== null,
      midiSupported: MidiSource.supported,
    });
  };
  const say = (message: string): void => {
    state.message = message;
    render();
  };
  const hidSource = hid ? new HidSource(hid, controller, render) : null;
  const pads = new PadSource(controller, render);
  const midi = MidiSource.supported ? new MidiSource(controller, render) : null;

  const toggle = iconButton('Control devices: ShuttlePRO, game controllers, MIDI', {
    testId: 'devices-button',
  });
  toggle.innerHTML = DEVICES_ICON;
  toggle.setAttribute('aria-pressed', 'false');
  context.header.utility.insertBefore(toggle, context.header.networkSlot);
  const setOpen = (open: boolean): void => {
    if (open === panel.element.isConnected) return;
    if (open) context.side.append(panel.element);
    else panel.element.remove();
    toggle.setAttribute('aria-pressed', String(open));
    render();
  };

  const cleanups = [
    listen(toggle, 'click', () => setOpen(!panel.element.isConnected)),
    panel.on('close', () => setOpen(false)),
    panel.on('connectHid', () => void hidSource?.connect().then(say)),
    panel.on('connectMidi', () => void midi?.connect().then(say)),
    panel.on('reset', () => {
      mapping.reset();
      say('Mapping reset to the defaults.');
    }),
    panel.on('remove', ({ input }) => mapping.remove(input)),
    panel.on('setAction', ({ input, action }) => {
      const check = mapping.set(input, action);
      if (!check.ok) say(check.reason);
    }),
    panel.on('learn', () => {
      state.learning = !state.learning;
      controller.learn(
        state.learning
          ? (input) => {
              state.learning = false;
              if (mapping.actionFor(input))
                return say(`${describeInput(input)} is already mapped (below).`);
              const action = ACTION_IDS.find((id) =>
                inputKinds(input).includes(ACTIONS[id].accepts),
              );
              if (action) mapping.set(input, action);
              say(`${describeInput(input)} added: pick its action below.`);
            }
          : null,
      );
      render();
    }),
    mapping.on('changed', render),
    controller.on('input', ({ input }) => {
      state.lastInput = input;
      render();
    }),
    controller.on('notice', ({ kind, message }) => {
      toasts.show(message, { kind });
      say(message);
    }),
  ];
  if (state.message) toasts.show(state.message, { kind: 'warning' });

  return () => {
    for (const cleanup of cleanups) cleanup();
    controller.learn(null);
    hidSource?.dispose();
    pads.dispose();
    midi?.dispose();
    panel.dispose();
    toggle.remove();
  };
};
