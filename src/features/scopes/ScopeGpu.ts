// Computes the scopes on the viewer's GPU: the renderer draws the picture as displayed into a
// small RGBA8 sample, then each scope scatters the sample's texels into its float count grid
// (additive blending) and the grid is read back. Without float render targets (or blending on
// them) the same sample is read back and counted by the CPU reference instead.
import { linkProgram } from '../../render/gpuPrograms';
import type { WebGLRenderer } from '../../render/WebGLRenderer';
import {
  computeScopes,
  sampleSize,
  SCOPE_GRID,
  type ScopeCounts,
  type ScopeKind,
  type ScopeSample,
} from './scopeMath';
import { deleteTarget, ensureTarget, floatBlendable, readTarget, type Target } from './gpuTargets';
import { SCOPE_INSTANCES, scatterSources } from './scopeShaders';

interface Resources {
  gl: WebGL2RenderingContext;
  sample: Target | null;
  grids: Map<ScopeKind, Target>;
  programs: Map<ScopeKind, WebGLProgram>;
  packBuffers: Map<ScopeKind, WebGLBuffer>;
  vertexArray: WebGLVertexArrayObject;
}

interface Prepared {
  gl: WebGL2RenderingContext;
  resources: Resources;
  sample: Target;
  size: { width: number; height: number };
}

/** An update in flight on the GPU (or, on the CPU path, already done). */
export type PendingScopes = { done: ScopeResult } | InFlight;

interface InFlight {
  gl: WebGL2RenderingContext;
  fence: WebGLSync | null;
  reads: Array<{ kind: ScopeKind; buffer: WebGLBuffer; columns: number; rows: number }>;
  sample: { width: number; height: number };
}

/** What one update produced. */
export interface ScopeResult {
  /** The sample's size (the picture as the scopes read it). */
  sample: { width: number; height: number };
  counts: Partial<Record<ScopeKind, ScopeCounts>>;
  /** 'gpu': scattered on the GPU; 'cpu': the fallback counted the read-back sample. */
  path: 'gpu' | 'cpu';
}

export class ScopeGpu {
  private resources: Resources | null = null;

  constructor(private readonly renderer: WebGLRenderer) {}

  /** True when the counts are scattered on the GPU (float targets with blending). */
  get gpuPath(): boolean {
    const gl = this.renderer.context;
    return gl !== null && floatBlendable(gl);
  }

  /** Computes `kinds` from the picture as it is on screen now (waits for the GPU); null without one. */
  update(kinds: readonly ScopeKind[]): ScopeResult | null {
    const prepared = this.prepare(kinds);
    if (!prepared || 'done' in prepared) return prepared?.done ?? null;
    const { gl, resources, sample, size } = prepared;
    const counts: Partial<Record<ScopeKind, ScopeCounts>> = {};
    for (const kind of kinds) {
      const grid = this.scatter(gl, resources, sample, kind);
      const data = readTarget(gl, grid);
      if (!(data instanceof Float32Array)) throw new Error('scope grids are float targets');
      counts[kind] = { kind, columns: grid.width, rows: grid.height, data };
    }
    return { sample: size, counts, path: 'gpu' };
  }

  /**
   * Starts computing `kinds` without waiting for the GPU: the grids are copied into pixel-pack
   * buffers behind a fence, and `finish` collects them once the GPU got there — so the page's
   * thread never stalls on the scopes. The CPU fallback completes at once.
   */
  begin(kinds: readonly ScopeKind[]): PendingScopes | null {
    const prepared = this.prepare(kinds);
    if (!prepared) return null;
    if ('done' in prepared) return { done: prepared.done };
    const { gl, resources, sample, size } = prepared;
    const reads: InFlight['reads'] = [];
    for (const kind of kinds) {
      const grid = this.scatter(gl, resources, sample, kind);
      const bytes = grid.width * grid.height * 16;
      let buffer = resources.packBuffers.get(kind);
      if (!buffer) {
        buffer = gl.createBuffer();
        resources.packBuffers.set(kind, buffer);
      }
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buffer);
      gl.bufferData(gl.PIXEL_PACK_BUFFER, bytes, gl.STREAM_READ);
      gl.bindFramebuffer(gl.FRAMEBUFFER, grid.framebuffer);
      gl.readPixels(0, 0, grid.width, grid.height, gl.RGBA, gl.FLOAT, 0);
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      reads.push({ kind, buffer, columns: grid.width, rows: grid.height });
    }
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    const fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    gl.flush();
    return { gl, fence, reads, sample: size };
  }

  /** The result of `begin` once the GPU finished it: 'waiting' until then, null if the context was lost. */
  finish(pending: PendingScopes): ScopeResult | 'waiting' | null {
    if ('done' in pending) return pending.done;
    const { gl, fence } = pending;
    if (gl.isContextLost()) return null;
    if (fence && gl.getSyncParameter(fence, gl.SYNC_STATUS) !== gl.SIGNALED) return 'waiting';
    if (fence) gl.deleteSync(fence);
    const counts: Partial<Record<ScopeKind, ScopeCounts>> = {};
    for (const read of pending.reads) {
      const data = new Float32Array(read.columns * read.rows * 4);
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, read.buffer);
      gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, data);
      counts[read.kind] = { kind: read.kind, columns: read.columns, rows: read.rows, data };
    }
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    return { sample: pending.sample, counts, path: 'gpu' };
  }

  /** Draws the displayed picture into the sample; on the CPU path, counts it at once. */
  private prepare(kinds: readonly ScopeKind[]): Prepared | { done: ScopeResult } | null {
    const gl = this.renderer.context;
    const image = this.renderer.imageSize;
    if (!gl || !image) {
      if (!gl) this.resources = null; // a lost context took every object with it
      return null;
    }
    const resources = this.ensureResources(gl);
    const size = sampleSize(image);
    const sample = ensureTarget(gl, resources.sample, size.width, size.height, gl.RGBA8);
    resources.sample = sample;
    // A view the picture exactly fills. At zoom 1 the renderer samples nearest: the scopes read
    // a regular subsample of the displayed pixels (no mipmaps to rebuild for every played frame).
    const drawn = this.renderer.drawTo(sample.framebuffer, size.width, size.height, {
      view: { width: image.width, height: image.height },
      zoom: 1,
      pan: { x: 0, y: 0 },
    });
    if (!drawn) return null;
    if (floatBlendable(gl)) return { gl, resources, sample, size };
    const all = computeScopes(this.readSample(gl, sample));
    const counts: Partial<Record<ScopeKind, ScopeCounts>> = {};
    for (const kind of kinds) counts[kind] = all[kind];
    return { done: { sample: size, counts, path: 'cpu' } };
  }

  /** The last sample's pixels (RGBA8, bottom row first), for checking against the CPU reference. */
  readLastSample(): ScopeSample | null {
    const gl = this.renderer.context;
    const sample = this.resources?.sample;
    return gl && sample ? this.readSample(gl, sample) : null;
  }

  dispose(): void {
    const resources = this.resources;
    this.resources = null;
    if (!resources || resources.gl.isContextLost()) return;
    const gl = resources.gl;
    for (const target of [resources.sample, ...resources.grids.values()]) {
      if (target) deleteTarget(gl, target);
    }
    for (const program of resources.programs.values()) gl.deleteProgram(program);
    for (const buffer of resources.packBuffers.values()) gl.deleteBuffer(buffer);
    gl.deleteVertexArray(resources.vertexArray);
  }

  private scatter(
    gl: WebGL2RenderingContext,
    resources: Resources,
    sample: Target,
    kind: ScopeKind,
  ): Target {
    const { columns, rows } = SCOPE_GRID[kind];
    const grid = ensureTarget(gl, resources.grids.get(kind) ?? null, columns, rows, gl.RGBA32F);
    resources.grids.set(kind, grid);
    let program = resources.programs.get(kind);
    if (!program) {
      const sources = scatterSources(kind);
      program = linkProgram(gl, sources.vertex, sources.fragment);
      resources.programs.set(kind, program);
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, grid.framebuffer);
    gl.viewport(0, 0, columns, rows);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.useProgram(program);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, sample.texture);
    gl.uniform1i(gl.getUniformLocation(program, 'u_sample'), 0);
    gl.uniform2i(gl.getUniformLocation(program, 'u_sampleSize'), sample.width, sample.height);
    gl.enable(gl.BLEND);
    gl.blendEquation(gl.FUNC_ADD);
    gl.blendFunc(gl.ONE, gl.ONE);
    gl.bindVertexArray(resources.vertexArray);
    gl.drawArraysInstanced(gl.POINTS, 0, sample.width * sample.height, SCOPE_INSTANCES[kind]);
    gl.bindVertexArray(null);
    gl.disable(gl.BLEND);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    return grid;
  }

  private readSample(gl: WebGL2RenderingContext, sample: Target): ScopeSample {
    return { width: sample.width, height: sample.height, data: readTarget(gl, sample) };
  }

  private ensureResources(gl: WebGL2RenderingContext): Resources {
    if (this.resources && this.resources.gl === gl) return this.resources;
    this.resources = {
      gl,
      sample: null,
      grids: new Map(),
      programs: new Map(),
      packBuffers: new Map(),
      vertexArray: gl.createVertexArray(),
    };
    return this.resources;
  }
}
