-- How a page came from its file, as in the SQLite store's 0010: the
-- resolution the file gave (0 when none), the quarter turn that made it
-- upright, and which half of a two-page spread it is ('' for a page alone).
ALTER TABLE pages ADD COLUMN dpi INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN turn INTEGER NOT NULL DEFAULT 0 CHECK (turn IN (0, 90, 180, 270));
ALTER TABLE pages ADD COLUMN side TEXT COLLATE "C" NOT NULL DEFAULT '' CHECK (side IN ('', 'left', 'right'));
