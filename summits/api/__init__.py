"""The REST API at /api/: the tracker's records by natural key, filtered with the list
pages' own FilterSets, and the writes analysts do daily through the same services.

`auth` (who may call: sessions, personal tokens, the read and write rules),
`serializers` (records as JSON), `views` (the endpoints), `urls` (their addresses, and
the schema and docs), `tokens` (the page where a user makes and revokes tokens).
"""
