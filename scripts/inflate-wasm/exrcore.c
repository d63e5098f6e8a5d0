// OpenEXR's own PIZ and PXR24 decompressors (OpenEXRCore, BSD-3-Clause: internal_piz.c,
// internal_huf.c and internal_pxr24.c, built from Debian's source by build.sh) behind one export
// for the EXR fast path. OpenEXRCore's decode pipeline is reduced to what they read: the block's
// channels (all HALF, no subsampling, as exrFastPath.ts accepts) and two scratch buffers,
// allocated from glue.c's heap and forgotten when the JavaScript side resets it.
#include <stdlib.h>
#include <zlib.h>
#include "internal_coding.h"
#include "internal_decompress.h"

#define COMPRESSION_PIZ 4
#define COMPRESSION_PXR24 5

static exr_decode_pipeline_t pipeline;
static exr_coding_channel_info_t *block_channels;
static uint32_t block_channel_room;

long inflate_zlib(const void *in, size_t in_len, void *out, size_t out_len);

/** zlib's uncompress for PXR24, through glue.c's libdeflate. */
int uncompress(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen) {
  long written = inflate_zlib(source, sourceLen, dest, *destLen);
  if (written < 0) return Z_DATA_ERROR;
  *destLen = (uLongf)written;
  return Z_OK;
}

/** Drops the scratch buffers and channel table (glue.c's reset() has freed their memory). */
void exrcore_forget(void) {
  pipeline.scratch_buffer_1 = pipeline.scratch_buffer_2 = 0;
  pipeline.scratch_alloc_size_1 = pipeline.scratch_alloc_size_2 = 0;
  block_channels = 0;
  block_channel_room = 0;
}

// What OpenEXRCore's coding.c and memory.c would give the decompressors, on glue.c's heap.
exr_result_t internal_decode_alloc_buffer(exr_decode_pipeline_t *decode,
                                          exr_transcoding_pipeline_buffer_id_t bufid, void **buf,
                                          size_t *cursz, size_t newsz) {
  (void)decode;
  (void)bufid;
  if (newsz == 0 || (*buf && *cursz >= newsz)) return EXR_ERR_SUCCESS;
  void *fresh = malloc(newsz);
  if (!fresh) return EXR_ERR_OUT_OF_MEMORY;
  *buf = fresh;
  *cursz = newsz;
  return EXR_ERR_SUCCESS;
}

/** The encoders are not built; their allocator only has to link. */
exr_result_t internal_encode_alloc_buffer(exr_encode_pipeline_t *encode,
                                          exr_transcoding_pipeline_buffer_id_t bufid, void **buf,
                                          size_t *cursz, size_t newsz) {
  (void)encode;
  (void)bufid;
  (void)buf;
  (void)cursz;
  (void)newsz;
  return EXR_ERR_OUT_OF_MEMORY;
}

void *internal_exr_alloc(size_t bytes) { return malloc(bytes); }
void internal_exr_free(void *ptr) { free(ptr); }

/**
 * Decompresses one PIZ (compression 4) or PXR24 (5) block of `lines` lines (from line start_y of the data window), `width`
 * pixels and `channels` HALF channels into out: the block's uncompressed layout (line by line,
 * channel by channel, little-endian halves). The bytes written (out_len), or -1 when the data is
 * damaged or does not fill exactly out_len bytes, -2 when memory could not grow.
 */
long undo_block(uint32_t compression, const void *in, size_t in_len, void *out, size_t out_len,
                uint32_t width, uint32_t lines, uint32_t channels, int32_t start_y) {
  if (compression != COMPRESSION_PIZ && compression != COMPRESSION_PXR24) return -1;
  if (channels > block_channel_room) {
    block_channels = malloc(channels * sizeof(exr_coding_channel_info_t));
    if (!block_channels) return -2;
    block_channel_room = channels;
  }
  for (uint32_t c = 0; c < channels; c++) {
    exr_coding_channel_info_t *channel = block_channels + c;
    channel->channel_name = 0;
    channel->width = (int32_t)width;
    channel->height = (int32_t)lines;
    channel->x_samples = 1;
    channel->y_samples = 1;
    channel->p_linear = 0;
    channel->bytes_per_element = 2;
    channel->data_type = EXR_PIXEL_HALF;
  }
  pipeline.channels = block_channels;
  pipeline.channel_count = (int16_t)channels;
  pipeline.chunk.start_y = start_y;
  pipeline.chunk.width = (int32_t)width;
  pipeline.chunk.height = (int32_t)lines;
  exr_result_t result = compression == COMPRESSION_PIZ
                            ? internal_exr_undo_piz(&pipeline, in, in_len, out, out_len)
                            : internal_exr_undo_pxr24(&pipeline, in, in_len, out, out_len);
  if (result == EXR_ERR_SUCCESS) return (long)out_len;
  return result == EXR_ERR_OUT_OF_MEMORY ? -2 : -1;
}
