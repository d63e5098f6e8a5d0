#!/usr/bin/env bash
# Regenerates the small committed test media in e2e/media/ (idempotent: same inputs, same files).
#
# Every frame carries the frame-ID strip (docs/demo-clip.md): 16 cells of width/32 px along the
# bottom-left edge, cell i white when bit 15-i of the frame number is set. RV convention: the
# first video frame (ffmpeg's N = 0) is frame 1; the PNG sequence is numbered 1001-1005.
set -euo pipefail

out="$(cd "$(dirname "$0")/.." && pwd)/e2e/media"
mkdir -p "$out"
ff=(ffmpeg -hide_banner -loglevel error -y -nostdin)

# geq expressions drawing the strip for frame number (N + $1); the cells replace whatever is there.
strip_filter() {
  local offset="$1"
  local inside='gte(Y,H-W/32)*lt(X,W/2)'
  local bit="gt(bitand(N+${offset},pow(2,15-floor(X/(W/32)))),0)"
  # A black margin of half a cell above and right of the strip keeps the picture off the cells.
  echo "drawbox=x=0:y=ih-iw/32-iw/64:w=iw/2+iw/64:h=iw/32+iw/64:color=black:t=fill,format=yuv444p,geq=lum='if(${inside},16+219*${bit},lum(X,Y))':cb='if(${inside},128,cb(X,Y))':cr='if(${inside},128,cr(X,Y))',format=yuv420p"
}

# 48 frames, 24 fps, 640x360 VP9 + a 2 s 440 Hz sine in Opus, keyframe every 12 frames so that
# seeking and reverse playback cross GOP boundaries.
"${ff[@]}" -f lavfi -i "testsrc2=size=640x360:rate=24:duration=2" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=2" \
  -vf "$(strip_filter 1)" -c:v libvpx-vp9 -crf 32 -b:v 0 -g 12 -keyint_min 12 -row-mt 1 \
  -deadline good -cpu-used 4 -pix_fmt yuv420p \
  -c:a libopus -b:a 32k -ac 1 -fflags +bitexact -map_metadata -1 \
  "$out/strip-48f-24fps.webm"

# Audio review: 48 frames, 24 fps, 320x180, whose sound encodes the frame number: frame n (from 1)
# is a sine of 300 + 50 n Hz for exactly its 1/24 s. WAV (PCM) so every sample is what was written.
"${ff[@]}" -f lavfi -i "testsrc2=size=320x180:rate=24:duration=2" \
  -f lavfi -i "aevalsrc=0.5*sin(2*PI*(300+50*(floor(t*24)+1))*t):s=48000:d=2" \
  -vf "$(strip_filter 1)" -c:v libvpx-vp9 -crf 40 -b:v 0 -g 12 -keyint_min 12 -row-mt 1 \
  -deadline good -cpu-used 4 -pix_fmt yuv420p \
  -c:a libopus -b:a 128k -ac 1 -fflags +bitexact -map_metadata -1 \
  "$out/tone-frames-24fps.webm"
# A soundtrack for it, at another sample rate (44.1 kHz): 1 s, its k-th 1/24 s (from 1) a sine
# of 2000 + 50 k Hz.
"${ff[@]}" -f lavfi -i "aevalsrc=0.5*sin(2*PI*(2000+50*(floor(t*24)+1))*t):s=44100:d=1" \
  -c:a pcm_s16le -fflags +bitexact -map_metadata -1 "$out/tone-track-44k.wav"
# Not audio at all: bytes that no decoder accepts, named like a soundtrack.
printf 'RIFF\x24\x00\x00\x00WAVEjunk-not-a-sound-file' >"$out/broken-sound.wav"

# Five 320x180 PNG frames, shot.1001.png ... shot.1005.png.
rm -f "$out"/shot.*.png
"${ff[@]}" -f lavfi -i "testsrc2=size=320x180:rate=24" -frames:v 5 \
  -vf "$(strip_filter 1001),format=rgb24" -start_number 1001 -fflags +bitexact \
  "$out/shot.%04d.png"

# A deliberately broken video: the first 1500 bytes of the good one (header, cut inside frame 1).
head -c 1500 "$out/strip-48f-24fps.webm" >"$out/broken-truncated.webm"

ls -l "$out"
