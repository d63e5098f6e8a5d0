// The zlib calls OpenEXRCore's PXR24 code makes: uncompress, answered by libdeflate (exrcore.c).
#pragma once
typedef unsigned char Bytef;
typedef unsigned long uLong;
typedef unsigned long uLongf;
#define Z_OK 0
#define Z_DATA_ERROR (-3)
int uncompress(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen);
/** Called only by PXR24's encoder, which is not linked in (no definition: using it fails the link). */
int compress(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen);
