"""What summits produce, in the tracker's pages: outcome documents with their paragraphs
and the commitments drawn from each, agreements with their parties, signatories,
validity and mechanisms. The records are in summits/models.py; their admin in
summits/admin.py."""
