// The "Control devices" side panel: connect a ShuttlePRO (WebHID) or MIDI, the game controllers
// seen, the last control touched, and the mapping table — each control's action in a menu of
// the actions it can drive, remove, Learn (touch a control to add it), Reset. Pure view: it shows
// what it is given and emits what the person asks.
import { EventEmitter } from '../../utils/EventEmitter';
import { button, el, listen } from '../../ui/components/shared/dom';
import { sidePanelFrame } from '../../ui/components/SidePanel';
import { ACTION_IDS, ACTIONS, type ActionId } from './actions';
import { describeInput, inputKinds, type MappingEntry } from './mapping';

export type DevicesPanelEvents = {
  close: void;
  connectHid: void;
  connectMidi: void;
  learn: void;
  reset: void;
  setAction: { input: string; action: ActionId };
  remove: { input: string };
};

export interface DevicesView {
  devices: readonly string[];
  entries: readonly MappingEntry[];
  lastInput: string | null;
  message: string | null;
  learning: boolean;
  hidSupported: boolean;
  midiSupported: boolean;
}

export class DevicesPanel extends EventEmitter<DevicesPanelEvents> {
  readonly element: HTMLElement;
  private readonly deviceList: HTMLElement;
  private readonly message: HTMLElement;
  private readonly lastInput: HTMLElement;
  private readonly table: HTMLElement;
  private readonly learnButton: HTMLButtonElement;
  private readonly hidButton: HTMLButtonElement;
  private readonly midiButton: HTMLButtonElement;
  private readonly cleanups: Array<() => void> = [];

  constructor() {
    super();
    const action = (
      text: string,
      testId: string,
      event: 'connectHid' | 'connectMidi' | 'learn' | 'reset',
    ) => {
      const made = button({ className: 'rs-button', testId, text });
      this.cleanups.push(listen(made, 'click', () => this.emit(event, undefined)));
      return made;
    };
    this.hidButton = action('Connect ShuttlePRO…', 'devices-connect-hid', 'connectHid');
    this.midiButton = action('Enable MIDI', 'devices-connect-midi', 'connectMidi');
    this.learnButton = action('Learn', 'devices-learn', 'learn');
    this.deviceList = el('ul', { className: 'rs-devices__list', testId: 'devices-list' });
    this.message = el('p', {
      className: 'rs-devices__message',
      testId: 'devices-message',
      attrs: { role: 'status' },
    });
    this.lastInput = el('p', { className: 'rs-devices__last', testId: 'devices-last-input' });
    this.table = el('div', { className: 'rs-devices__table', testId: 'devices-mapping' });
    const frame = sidePanelFrame(
      {
        className: 'rs-devices',
        testId: 'devices-panel',
        title: 'Control devices',
        closeLabel: 'Close control devices',
        closeTestId: 'devices-close',
      },
      [
        el('div', { className: 'rs-devices__connect' }, [this.hidButton, this.midiButton]),
        el('p', {
          className: 'rs-side-panel__status',
          text: 'Game controllers connect by themselves: press any button on the pad.',
        }),
        this.deviceList,
        this.message,
        this.lastInput,
        el('h3', { className: 'rs-devices__subtitle', text: 'Mapping (saved in this browser)' }),
        this.table,
        el('div', { className: 'rs-devices__actions' }, [
          this.learnButton,
          action('Reset to defaults', 'devices-reset', 'reset'),
        ]),
      ],
    );
    this.element = frame.element;
    this.cleanups.push(listen(frame.close, 'click', () => this.emit('close', undefined)));
    this.cleanups.push(
      listen(this.table, 'change', (event) => {
        const select = event.target;
        if (!(select instanceof HTMLSelectElement) || !select.dataset.input) return;
        this.emit('setAction', { input: select.dataset.input, action: select.value as ActionId });
      }),
      listen(this.table, 'click', (event) => {
        const target = event.target instanceof Element ? event.target.closest('button') : null;
        if (target?.dataset.input) this.emit('remove', { input: target.dataset.input });
      }),
    );
  }

  render(view: DevicesView): void {
    this.hidButton.disabled = !view.hidSupported;
    this.hidButton.title = view.hidSupported
      ? 'Choose a Contour ShuttlePRO or ShuttleXpress (the browser lists them)'
      : 'This browser has no WebHID (Chrome and Edge do, on https or localhost)';
    this.midiButton.disabled = !view.midiSupported;
    this.midiButton.title = view.midiSupported
      ? 'Use MIDI controllers (the browser asks first)'
      : 'This browser has no Web MIDI';
    this.deviceList.replaceChildren(
      ...(view.devices.length > 0
        ? view.devices.map((name) => el('li', { text: name }))
        : [el('li', { className: 'rs-devices__none', text: 'No device connected.' })]),
    );
    this.message.textContent = view.message ?? '';
    this.message.hidden = !view.message;
    this.lastInput.textContent = view.lastInput
      ? `Last control: ${describeInput(view.lastInput)}`
      : '';
    this.learnButton.textContent = view.learning ? 'Touch a control… (Learn)' : 'Learn';
    this.learnButton.setAttribute('aria-pressed', String(view.learning));
    this.table.replaceChildren(...view.entries.map((entry) => this.row(entry)));
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
    this.removeAllListeners();
  }

  private row(entry: MappingEntry): HTMLElement {
    const kinds = inputKinds(entry.input);
    const select = el('select', {
      className: 'rs-devices__select',
      testId: `devices-action-${entry.input}`,
      attrs: { 'data-input': entry.input, 'aria-label': `Action of ${describeInput(entry.input)}` },
    });
    for (const id of ACTION_IDS.filter((action) => kinds.includes(ACTIONS[action].accepts))) {
      const option = el('option', { text: ACTIONS[id].label, attrs: { value: id } });
      option.selected = id === entry.action;
      select.append(option);
    }
    const remove = button({
      className: 'rs-devices__remove',
      text: '✕',
      title: 'Remove this mapping',
      attrs: { 'data-input': entry.input, 'aria-label': `Remove ${describeInput(entry.input)}` },
    });
    return el('div', { className: 'rs-devices__row', testId: 'devices-row' }, [
      el('span', { className: 'rs-devices__input', text: describeInput(entry.input) }),
      select,
      remove,
    ]);
  }
}
