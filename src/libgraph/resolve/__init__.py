"""Resolution of names in minutes to known things: places (gazetteer), organisations
(authority list) and person first names (lexicon)."""
