-- The original page as scanned (colour JPEG, before cleaning) and its small
-- copy for the national import package, as in the SQLite store's 0030:
-- content-addressed, so that a page pushed by two stations is kept once.
CREATE TABLE originals (
	sha256    TEXT COLLATE "C" PRIMARY KEY CHECK (length(sha256) = 64),
	width     INTEGER NOT NULL CHECK (width > 0),
	height    INTEGER NOT NULL CHECK (height > 0),
	dpi       INTEGER NOT NULL CHECK (dpi > 0),
	small_dpi INTEGER NOT NULL CHECK (small_dpi > 0),
	small     BYTEA NOT NULL,
	data      BYTEA NOT NULL
);
ALTER TABLE originals ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE page_originals (
	page_id BIGINT PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
	sha256  TEXT COLLATE "C" NOT NULL REFERENCES originals (sha256)
);
