-- records.field_data is text holding the JSON of 0008, no longer json: a
-- json column checks every value it is given (json_lex), and in a bulk
-- load that check was a tenth of the server's CPU while copying records
-- (perf over 300,000 records). The store writes field_data only through
-- the loader (which builds it, see bulk.go's packFields) and fields_write
-- (which builds it with jsonb): both write valid JSON, and every read
-- parses it as json, as before.
DROP VIEW fields; -- and its trigger; both depend on the column
DROP FUNCTION field_rows(JSON);
ALTER TABLE records ALTER COLUMN field_data DROP DEFAULT;
ALTER TABLE records ALTER COLUMN field_data TYPE TEXT;
ALTER TABLE records ALTER COLUMN field_data SET DEFAULT '{}';
DO $$
BEGIN
	ALTER TABLE records ALTER COLUMN field_data SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
	NULL;
END;
$$;

CREATE FUNCTION field_rows(data TEXT) RETURNS TABLE (key TEXT, value TEXT, raw TEXT, confidence DOUBLE PRECISION, status TEXT,
		box_x0 INTEGER, box_y0 INTEGER, box_x1 INTEGER, box_y1 INTEGER, reason TEXT, note TEXT, version BIGINT)
	LANGUAGE sql IMMUTABLE AS $$
	SELECT f.key, f.v->>0, COALESCE(f.v->>1, f.v->>0), (f.v->>2)::double precision, f.v->>3,
	       (f.v->>7)::integer, (f.v->>8)::integer, (f.v->>9)::integer, (f.v->>10)::integer,
	       f.v->>4, f.v->>5, (f.v->>6)::bigint
	FROM json_each(data::json) AS f(key, v)
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

-- fields_write as in 0008, field_data read as jsonb and written as text.
CREATE OR REPLACE FUNCTION fields_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		UPDATE records SET field_data = (field_data::jsonb - OLD.key)::text WHERE id = OLD.record_id;
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
	IF TG_OP = 'INSERT' AND EXISTS (SELECT 1 FROM records WHERE id = NEW.record_id AND (field_data::json -> NEW.key) IS NOT NULL) THEN
		RAISE EXCEPTION 'record % has a field % already', NEW.record_id, NEW.key USING ERRCODE = 'unique_violation';
	END IF;
	UPDATE records SET field_data = (field_data::jsonb || jsonb_build_object(NEW.key,
		field_pack(NEW.value, NEW.raw, NEW.confidence, NEW.status, NEW.reason, NEW.note, NEW.version, NEW.box_x0, NEW.box_y0, NEW.box_x1, NEW.box_y1)))::text
	WHERE id = NEW.record_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'no record %', NEW.record_id USING ERRCODE = 'foreign_key_violation';
	END IF;
	RETURN NEW;
END;
$$;

CREATE TRIGGER fields_write INSTEAD OF INSERT OR UPDATE OR DELETE ON fields
	FOR EACH ROW EXECUTE FUNCTION fields_write();
