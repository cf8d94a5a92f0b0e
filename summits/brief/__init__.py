"""The pre-summit brief a desk officer circulates: what the tracker knows about a summit
gathered once (`content`), written as a Word document (`docx`) or a PDF (`pdf`)."""
