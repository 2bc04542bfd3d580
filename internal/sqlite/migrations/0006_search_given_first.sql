-- search_names keys put the given name first: "1 an nguyen van" for
-- Nguyễn Văn An. A clerk's "Nguyễn An" (surname and given name, middle
-- names left out) is then a prefix of the names it may stand for, one index
-- range, where before it fell through to reading every record that holds
-- its rarer word. The rows are copied with the last word moved to the front:
-- rtrim(name, <its letters>) is the name up to its last space.
CREATE TABLE search_names_new (
	key  TEXT NOT NULL,
	year INTEGER NOT NULL,
	doc  INTEGER NOT NULL,
	role TEXT NOT NULL,
	PRIMARY KEY (key, year, doc, role)
) WITHOUT ROWID;

INSERT INTO search_names_new (key, year, doc, role)
SELECT CASE WHEN instr(name, ' ') = 0 THEN key
	ELSE class || substr(name, length(head) + 1) || ' ' || rtrim(head, ' ') END,
	year, doc, role
FROM (SELECT key, year, doc, role, substr(key, 1, 2) AS class, substr(key, 3) AS name,
	rtrim(substr(key, 3), replace(substr(key, 3), ' ', '')) AS head FROM search_names)
ORDER BY 1, 2, 3, 4;

DROP TABLE search_names;
ALTER TABLE search_names_new RENAME TO search_names;
