-- A name with a year of birth is one range of this index: the year, then
-- the names that begin with the key asked for. Without it a common name's
-- range ("Nguyễn Hậu": every Nguyễn … Hậu) is read whole for the few rows
-- of the year, tens of thousands of rows at 12 million records.
CREATE INDEX search_names_year ON search_names (year, key);
