// The reelsync command's help text.
export const HELP = `reelsync — drive a ReelSync room from the command line

Usage: reelsync <command> [arguments] [flags]

Commands
  room create             create a room; prints its code, share link and host token
  room info               the room's state: media, playhead, play range, users, notes
  seek <frame>            move the room's playhead to <frame>
  play | pause            start or stop playback for the room
  events                  room events as JSON lines on stdout until Ctrl-C
  notes export            the room's notes (--format csv|json|html) on stdout
  link                    print the room's deep link: the player URL (<server>/?room=CODE
                          [&frame=N&in=N&out=N&item=ID]) and the web+reelsync: link
  shell                   interactive prompt; also reads commands as JSON lines on stdin,
                          e.g. {"cmd":"seek","frame":100} (type "help" inside)
  push <file…>            add files to the room's media library (resumable upload), wait
                          until the server has probed them (and made browser proxies), and
                          make the last one the room's shot (rvpush; --add-only: don't)
  stream                  push frames into the room's live source, which every member's
                          page shows as they arrive: --from-dir DIR (PNG, OpenEXR, or raw
                          RGBA .rgba files with --size WxH) at --fps N (default 24), or --stdin
                          (live frames in the binary format of docs/pixel-streaming.md)

Flags
  --server URL            server (default http://localhost:8080)
  --token TOKEN           access token for a server with sign-in (its OpenID Connect
                          issuer's, for the server's audience; or set REELSYNC_TOKEN)
  --room CODE             room code (every command but "room create")
  --pin PIN               room PIN (to create a protected room, or to join one)
  --name NAME             display name in the room (default "reelsync-cli")
  --role participant|viewer
                          role to join with (default: participant for commands that change
                          the room, viewer for the others)
  --format csv|json|html  notes export format (default csv)
  --json                  machine-readable output (one JSON object per line)
  --add-only              push: only add to the library (the current shot stays)
  --frame N, --in N, --out N, --item ID
                          link: open at this frame, with this in/out range, on this
                          playlist item
  -h, --help              this help

Commands that change the room (seek, play, pause, shell, push) join as a participant and say so
on stderr; if the room refuses (a viewer, host-only playback in presentation mode, or adding media
the host has not allowed) they exit 6.

Exit codes
  0  done
  1  other failure (server error, timeout)
  2  usage error (unknown command, bad flag or argument)
  3  server unreachable
  4  room not found
  5  PIN required, wrong PIN or too many attempts
  6  refused by the room (role, or adding media not allowed)
`;
