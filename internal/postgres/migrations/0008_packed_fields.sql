-- A record's fields live in one column of its row (records.field_data),
-- not one row each in a table: 22 rows a record were two thirds of a
-- registry's rows and bytes (at 200,000 records: 4.4 M field rows, 924 MB
-- of 1.37 GB), too many to COPY 12 M records in 10 minutes on two cores.
-- fields stays, as a view with the same columns, so that the store's SQL
-- (and internal/sqlite's, which keeps its table) reads the same; writes to
-- it go to the record's row through fields_write.
--
-- field_data maps a field's key to an array:
--   [value, raw or null when it equals value, confidence, status, reason,
--    note, version, box_x0, box_y0, box_x1, box_y1]
-- the four box numbers only when the field has a box.

-- json, not jsonb: COPY takes json text about as fast as plain text, jsonb
-- parsing took twice the time of the rest of a record's row (server CPU
-- at 200,000 records: 14.2 s jsonb, 8.3 s json, 7.3 s text); reads are of
-- one record at a time. lz4, where the server has it, compresses a
-- record's 2 kB in a third of pglz's time (2.9 s against 7.3 s).
ALTER TABLE records ADD COLUMN field_data JSON NOT NULL DEFAULT '{}';
DO $$
BEGIN
	ALTER TABLE records ALTER COLUMN field_data SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
	NULL;
END;
$$;

-- field_pack is one field's array.
CREATE FUNCTION field_pack(value TEXT, raw TEXT, confidence DOUBLE PRECISION, status TEXT, reason TEXT, note TEXT, version BIGINT,
		x0 INTEGER, y0 INTEGER, x1 INTEGER, y1 INTEGER) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN x0 IS NULL
		THEN jsonb_build_array(value, NULLIF(raw, value), confidence, status, reason, note, version)
		ELSE jsonb_build_array(value, NULLIF(raw, value), confidence, status, reason, note, version, x0, y0, x1, y1) END
$$;

UPDATE records r SET field_data = p.data FROM (
	SELECT record_id, json_object_agg(key, field_pack(value, raw, confidence, status, reason, note, version, box_x0, box_y0, box_x1, box_y1)) AS data
	FROM fields GROUP BY record_id) p
WHERE p.record_id = r.id;

-- A task's field is in its record: the task goes with the record.
ALTER TABLE tasks DROP CONSTRAINT tasks_record_id_field_key_fkey;
ALTER TABLE tasks ADD CONSTRAINT tasks_record_id_fkey FOREIGN KEY (record_id) REFERENCES records (id) ON DELETE CASCADE;
DROP TABLE fields;

-- field_rows unpacks one record's field_data, a row a field; the store
-- reads a record's fields with it straight from the record's row.
CREATE FUNCTION field_rows(data JSON) RETURNS TABLE (key TEXT, value TEXT, raw TEXT, confidence DOUBLE PRECISION, status TEXT,
		box_x0 INTEGER, box_y0 INTEGER, box_x1 INTEGER, box_y1 INTEGER, reason TEXT, note TEXT, version BIGINT)
	LANGUAGE sql IMMUTABLE AS $$
	SELECT f.key, f.v->>0, COALESCE(f.v->>1, f.v->>0), (f.v->>2)::double precision, f.v->>3,
	       (f.v->>7)::integer, (f.v->>8)::integer, (f.v->>9)::integer, (f.v->>10)::integer,
	       f.v->>4, f.v->>5, (f.v->>6)::bigint
	FROM json_each(data) AS f(key, v)
$$;

CREATE VIEW fields AS
	SELECT r.id AS record_id, f.key COLLATE "C" AS key, f.value COLLATE "C" AS value, f.raw COLLATE "C" AS raw,
	       f.confidence, f.status COLLATE "C" AS status, f.box_x0, f.box_y0, f.box_x1, f.box_y1,
	       f.reason COLLATE "C" AS reason, f.note COLLATE "C" AS note, f.version
	FROM records r CROSS JOIN LATERAL field_rows(r.field_data) AS f;

ALTER VIEW fields ALTER COLUMN value SET DEFAULT '';
ALTER VIEW fields ALTER COLUMN raw SET DEFAULT '';
ALTER VIEW fields ALTER COLUMN confidence SET DEFAULT 0;
ALTER VIEW fields ALTER COLUMN reason SET DEFAULT '';
ALTER VIEW fields ALTER COLUMN note SET DEFAULT '';
ALTER VIEW fields ALTER COLUMN version SET DEFAULT 1;

-- fields_write writes a row of the view into its record, with the checks
-- the table had.
CREATE FUNCTION fields_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		UPDATE records SET field_data = (field_data::jsonb - OLD.key)::json WHERE id = OLD.record_id;
		RETURN OLD;
	END IF;
	IF TG_OP = 'UPDATE' AND (NEW.record_id IS DISTINCT FROM OLD.record_id OR NEW.key IS DISTINCT FROM OLD.key) THEN
		RAISE EXCEPTION 'a field stays in its record under its key' USING ERRCODE = 'check_violation';
	END IF;
	IF NEW.key IS NULL OR NEW.value IS NULL OR NEW.raw IS NULL OR NEW.confidence IS NULL OR NEW.status IS NULL
		OR NEW.reason IS NULL OR NEW.note IS NULL OR NEW.version IS NULL THEN
		RAISE EXCEPTION 'field %: null value', NEW.key USING ERRCODE = 'not_null_violation';
	END IF;
	IF NEW.status NOT IN ('auto', 'needs_review', 'corrected', 'confirmed', 'missing')
		OR NOT (NEW.confidence BETWEEN 0 AND 1)
		OR NOT ((NEW.box_x0 IS NULL) = (NEW.box_y0 IS NULL) AND (NEW.box_x0 IS NULL) = (NEW.box_x1 IS NULL) AND (NEW.box_x0 IS NULL) = (NEW.box_y1 IS NULL)) THEN
		RAISE EXCEPTION 'field %: status %, confidence % or box out of bounds', NEW.key, NEW.status, NEW.confidence USING ERRCODE = 'check_violation';
	END IF;
	IF TG_OP = 'INSERT' AND EXISTS (SELECT 1 FROM records WHERE id = NEW.record_id AND (field_data -> NEW.key) IS NOT NULL) THEN
		RAISE EXCEPTION 'record % has a field % already', NEW.record_id, NEW.key USING ERRCODE = 'unique_violation';
	END IF;
	UPDATE records SET field_data = (field_data::jsonb || jsonb_build_object(NEW.key,
		field_pack(NEW.value, NEW.raw, NEW.confidence, NEW.status, NEW.reason, NEW.note, NEW.version, NEW.box_x0, NEW.box_y0, NEW.box_x1, NEW.box_y1)))::json
	WHERE id = NEW.record_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no record %', NEW.record_id USING ERRCODE = 'foreign_key_violation';
	END IF;
	RETURN NEW;
END;
$$;

CREATE TRIGGER fields_write INSTEAD OF INSERT OR UPDATE OR DELETE ON fields
	FOR EACH ROW EXECUTE FUNCTION fields_write();
