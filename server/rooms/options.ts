// The rooms' options (idle timeout, presence grace, change log, annotation and note budgets), one
// entry per option in the shape of server/config.ts's table, which includes them.
import type { OptionSpec } from '../config';

const MiB = 1024 * 1024;

export const ROOM_OPTION_SPECS = [
  {
    key: 'roomIdleTimeoutMs',
    flag: 'room-idle-timeout-ms',
    env: 'ROOM_IDLE_TIMEOUT_MS',
    kind: 'int',
    default: 30 * 60_000,
    help: 'a room with nobody connected this long is ended',
  },
  {
    key: 'presenceGraceMs',
    flag: 'presence-grace-ms',
    env: 'PRESENCE_GRACE_MS',
    kind: 'int',
    default: 30_000,
    help: 'a dropped member stays (disconnected) this long before leaving',
  },
  {
    key: 'changeLogSize',
    flag: 'change-log-size',
    env: 'CHANGE_LOG_SIZE',
    kind: 'int',
    default: 500,
    help: 'changes kept per room for reconnect catch-up',
  },
  {
    key: 'maxAnnotations',
    flag: 'max-annotations',
    env: 'MAX_ANNOTATIONS',
    kind: 'int',
    default: 10_000,
    help: 'annotations per room',
  },
  {
    key: 'maxNotes',
    flag: 'max-notes',
    env: 'MAX_NOTES',
    kind: 'int',
    default: 2_000,
    help: 'notes per room',
  },
  {
    key: 'maxRoomStateBytes',
    flag: 'max-room-state-bytes',
    env: 'MAX_ROOM_STATE_BYTES',
    kind: 'int',
    default: 24 * MiB,
    help: "byte budget of one room's whole stored state (serialized JSON)",
  },
  {
    key: 'maxAnnotationsBytes',
    flag: 'max-annotations-bytes',
    env: 'MAX_ANNOTATIONS_BYTES',
    kind: 'int',
    default: 16 * MiB,
    help: 'byte budget of all annotations of a room (ROOM_BUDGET_FULL beyond it)',
  },
  {
    key: 'maxAnnotationBytes',
    flag: 'max-annotation-bytes',
    env: 'MAX_ANNOTATION_BYTES',
    kind: 'int',
    default: 96 * 1024,
    help: 'bytes of one stored annotation',
  },
  {
    key: 'maxNotesBytes',
    flag: 'max-notes-bytes',
    env: 'MAX_NOTES_BYTES',
    kind: 'int',
    default: 4 * MiB,
    help: 'byte budget of all notes of a room',
  },
] as const satisfies readonly OptionSpec[];
