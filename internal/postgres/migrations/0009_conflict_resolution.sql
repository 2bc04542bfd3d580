-- A supervisor resolves a held conflict (civreg sync conflicts resolve):
-- the registry's version is kept, or the station's is taken. The
-- station's copy is kept with the conflict so that it can be taken
-- without the station ('' for a conflict held before this migration: the
-- station's next push fills it in). A resolved conflict stays as decided.
ALTER TABLE sync_conflicts ADD COLUMN station_record TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE sync_conflicts ADD COLUMN resolution TEXT COLLATE "C" NOT NULL DEFAULT '' CHECK (resolution IN ('', 'registry', 'station'));
ALTER TABLE sync_conflicts ADD COLUMN resolved_by TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE sync_conflicts ADD COLUMN resolved_at TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE sync_conflicts ADD COLUMN note TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX sync_conflicts_open ON sync_conflicts (id) WHERE resolution = '';

CREATE TRIGGER sync_conflicts_decided BEFORE UPDATE OR DELETE ON sync_conflicts
	FOR EACH ROW WHEN (OLD.resolution <> '') EXECUTE FUNCTION refuse('a resolved conflict stays as decided');
