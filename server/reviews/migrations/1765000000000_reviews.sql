-- Up Migration
-- One row per room: its sequenced state (notes, annotations, playlist, library, playback…) as
-- the server last had it, the facts needed to let the same people back in, and who was there.
CREATE TABLE reviews (
  room_id text PRIMARY KEY,
  -- bumped each time the review is reopened: the room's versions start again from 0
  epoch integer NOT NULL DEFAULT 0,
  version integer NOT NULL,
  state jsonb NOT NULL,
  -- pinHash, hostTokenHash, createdAt, capacity, creatorAddress (hashes only, never secrets)
  meta jsonb NOT NULL,
  -- everyone who was in the room: userId, displayName, color, role
  members jsonb NOT NULL,
  saved_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz
);
CREATE INDEX reviews_saved_at ON reviews (saved_at);

-- Down Migration
DROP TABLE reviews;
