// WebAssembly is little-endian, as OpenEXR's files are: no byte swaps (OpenEXRCore's xdr helpers).
#pragma once
#define __LITTLE_ENDIAN 1234
#define __BYTE_ORDER __LITTLE_ENDIAN
#define htole16(x) (x)
#define le16toh(x) (x)
#define htole32(x) (x)
#define le32toh(x) (x)
#define htole64(x) (x)
#define le64toh(x) (x)
