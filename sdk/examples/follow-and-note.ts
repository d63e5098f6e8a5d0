// SDK example: join a room, print every playhead move, seek, add a note and print the notes as
// CSV. Run against a server (npm run serve) and a room created in the player or by
// `npx reelsync room create`:
//   npx tsx sdk/examples/follow-and-note.ts http://localhost:8080 ROOMCODE [PIN]
import { connect, ReelSyncError } from '../node';

const [server = 'http://localhost:8080', room, pin] = process.argv.slice(2);
if (!room) {
  console.error('usage: follow-and-note.ts <server> <room> [pin]');
  process.exit(2);
}

try {
  const client = await connect(server);
  const info = await client.joinRoom(room, { name: 'sdk example', ...(pin ? { pin } : {}) });
  console.warn(`joined ${info.roomId} as ${info.role}; ${client.users.length} user(s) here`);
  client.on('playback', ({ motion, userId }) =>
    console.warn(
      `playhead: ${motion.playing ? 'playing' : 'paused'} from ${motion.anchorFrame} (by ${userId ?? 'server'})`,
    ),
  );
  await client.seek(100);
  await client.addNote(100, 'Checked from the SDK example');
  process.stdout.write(client.exportNotes('csv'));
  await client.close();
} catch (error) {
  if (error instanceof ReelSyncError) console.error(`${error.code}: ${error.message}`);
  else console.error(error);
  process.exitCode = 1;
}
