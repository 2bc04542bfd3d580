-- The original page as scanned (colour JPEG, before cleaning), kept for the
-- national register's import package and for people who need to see the
-- page as it is; with it, the small copy the import package takes (about
-- 150 dpi, at most 146 kB). Stored once per content: the rows of
-- page_originals point at it by its SHA-256. Apart from page_images for the
-- same reason: walks never page image data through the cache. The small
-- copy comes before the full image in the row, so that reading it alone
-- does not walk the full image's overflow pages.
CREATE TABLE originals (
	sha256    TEXT PRIMARY KEY,
	width     INTEGER NOT NULL CHECK (width > 0),
	height    INTEGER NOT NULL CHECK (height > 0),
	dpi       INTEGER NOT NULL CHECK (dpi > 0),
	small_dpi INTEGER NOT NULL CHECK (small_dpi > 0),
	small     BLOB NOT NULL,
	data      BLOB NOT NULL
);

CREATE TABLE page_originals (
	page_id INTEGER PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
	sha256  TEXT NOT NULL REFERENCES originals (sha256)
);
