/* global AudioWorkletProcessor, registerProcessor -- the AudioWorkletGlobalScope */
// The audio output tap behind window.reelsync.audio.capture (docs/scripting.md): an AudioWorklet
// that sends the mono mix of its input to the page in blocks. Served as is (public/), so the page's
// Content-Security-Policy (script-src 'self') allows it.
const BLOCK = 4096;

class ReelSyncCaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.block = new Float32Array(BLOCK);
    this.filled = 0;
    this.running = true;
    this.port.onmessage = (event) => {
      if (event.data === 'stop') {
        this.port.postMessage(this.block.slice(0, this.filled));
        this.running = false;
      }
    };
  }

  process(inputs) {
    if (!this.running) return false;
    const channels = inputs[0] ?? [];
    const length = channels[0]?.length ?? 128;
    for (let i = 0; i < length; i++) {
      let sum = 0;
      for (const channel of channels) sum += channel[i];
      this.block[this.filled++] = channels.length ? sum / channels.length : 0;
      if (this.filled === BLOCK) {
        this.port.postMessage(this.block.slice());
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('reelsync-capture', ReelSyncCaptureProcessor);
